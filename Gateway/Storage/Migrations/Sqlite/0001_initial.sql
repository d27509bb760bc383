-- FirewallGateway store, SQLite. Times are unix milliseconds, durations milliseconds, addresses the
-- canonical text of BanAddress plus the block's first/last address as 16 big-endian bytes (IPv4 v4-mapped).

CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    address       TEXT    NOT NULL,
    range_start   BLOB    NOT NULL,
    range_end     BLOB    NOT NULL,
    origin        TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    report_count  INTEGER NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('active', 'expired', 'removed')),
    created_by    TEXT
);
-- At most one active decision per address: the merge rule, enforced by the database itself.
CREATE UNIQUE INDEX ux_decisions_active_address ON decisions (address) WHERE state = 'active';
CREATE INDEX ix_decisions_address_first_seen ON decisions (address, first_seen);
CREATE INDEX ix_decisions_active_expiry ON decisions (expires_at) WHERE state = 'active';

CREATE TABLE reports (
    id                     INTEGER PRIMARY KEY,
    address                TEXT    NOT NULL,
    reporter               TEXT    NOT NULL,
    source                 TEXT    NOT NULL,
    reason                 TEXT    NOT NULL,
    requested_duration_ms  INTEGER,
    observed_at            INTEGER NOT NULL,
    host                   TEXT,
    rule                   TEXT,
    protocol               TEXT,
    port                   TEXT,
    failures               INTEGER,
    evidence               TEXT,
    dedup_key              TEXT,
    decision_id            INTEGER REFERENCES decisions (id),
    outcome                TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_reports_dedup_key ON reports (dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX ix_reports_address_id ON reports (address, id);

CREATE TABLE allow_list (
    id           INTEGER PRIMARY KEY,
    address      TEXT    NOT NULL,
    range_start  BLOB    NOT NULL,
    range_end    BLOB    NOT NULL,
    comment      TEXT    NOT NULL,
    active       INTEGER NOT NULL,
    expires_at   INTEGER,
    source       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE targets (
    name             TEXT    PRIMARY KEY,
    kind             TEXT    NOT NULL,
    enabled          INTEGER NOT NULL,
    last_success_at  INTEGER,
    last_attempt_at  INTEGER,
    last_error       TEXT
) WITHOUT ROWID;

-- One pending change per (target, address): a newer change replaces the row and bumps version.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    target       TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('ban', 'unban')),
    address      TEXT    NOT NULL,
    decision_id  INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    last_error   TEXT,
    updated_at   INTEGER NOT NULL
);
-- Address first: the same index answers the upsert and the per-address "where is it blocked" view.
CREATE UNIQUE INDEX ux_outbox_address_target ON outbox (address, target);
CREATE INDEX ix_outbox_target_due ON outbox (target, due_at);

-- What each target last confirmed (or failed) for an address: the "why blocked, and where" view.
CREATE TABLE enforcement (
    target      TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    error       TEXT,
    updated_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    PRIMARY KEY (address, target)
) WITHOUT ROWID;

CREATE TABLE credentials (
    name           TEXT    PRIMARY KEY,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    active         INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
) WITHOUT ROWID;
