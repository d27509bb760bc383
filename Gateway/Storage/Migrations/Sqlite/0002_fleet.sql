-- Fleet features: the change log behind the pull stream, stream consumers' cursors, the server registry.

-- Every decision that becomes active ('add') or stops being active ('remove'), in commit order. Filled by
-- triggers, so every writer (reports, operators, expiry sweeper) is covered without touching its code.
CREATE TABLE decision_changes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id  INTEGER NOT NULL,
    address      TEXT    NOT NULL,
    op           TEXT    NOT NULL CHECK (op IN ('add', 'remove')),
    expires_at   INTEGER NOT NULL
);

CREATE TRIGGER tr_decisions_change_add AFTER INSERT ON decisions WHEN NEW.state = 'active'
BEGIN
    INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'add', NEW.expires_at);
END;

CREATE TRIGGER tr_decisions_change_remove AFTER UPDATE OF state ON decisions
    WHEN OLD.state = 'active' AND NEW.state <> 'active'
BEGIN
    INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'remove', NEW.expires_at);
END;

-- One cursor per named consumer: the last change sequence it was given.
CREATE TABLE stream_consumers (
    name        TEXT    PRIMARY KEY,
    cursor      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Registered servers (fail2ban hosts that report and may also be targets).
CREATE TABLE servers (
    name             TEXT    PRIMARY KEY,
    address          TEXT    NOT NULL,
    credential       TEXT    NOT NULL,
    max_addresses    INTEGER,
    ban_duration_ms  INTEGER,
    scope            TEXT    NOT NULL CHECK (scope IN ('fleet', 'group')),
    group_name       TEXT,
    active           INTEGER NOT NULL,
    allow_list_id    INTEGER,
    created_at       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX ix_reports_observed_at ON reports (observed_at);

-- The targets an operator lock was limited to; a decision without rows goes to every target.
CREATE TABLE lock_targets (
    decision_id INTEGER NOT NULL,
    target      TEXT    NOT NULL,
    PRIMARY KEY (decision_id, target)
) WITHOUT ROWID;
