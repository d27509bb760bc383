-- The change log (decision_changes) feeds the fleet stream and CrowdSec bouncers; it is pruned so that it stays
-- bounded (ChangeLogPruner). Rows carry no time of their own (they are written by triggers, which cannot read the
-- gateway's clock), so the pruner notes the newest sequence at each run: the newest mark older than the retention
-- window tells which rows are older than it.
CREATE TABLE decision_change_marks (
    taken_at  BIGINT PRIMARY KEY,
    seq       BIGINT NOT NULL
);

-- The highest sequence ever pruned (no row: nothing pruned yet, so that a new store stays empty for the SQLite to
-- PostgreSQL copy). A consumer whose cursor is below it has missed deleted rows and is re-synced instead of being
-- given an incomplete list of changes.
CREATE TABLE decision_changes_pruned (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    through_seq  BIGINT NOT NULL
);
