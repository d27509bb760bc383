-- CrowdSec local API: bouncers pull decisions with an API key, machines (agents) log in and post alerts.

-- One row per bouncer. Only the SHA-256 of its API key is kept; cursor is the last decision_changes.seq it
-- was given (NULL until its first pull, which then gets every active decision).
CREATE TABLE crowdsec_bouncers (
    name          TEXT    PRIMARY KEY,
    key_hash      TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_pull_at  INTEGER,
    cursor        INTEGER
) WITHOUT ROWID;

-- One row per CrowdSec agent allowed to log in (PBKDF2 hash of its password).
CREATE TABLE crowdsec_machines (
    machine_id     TEXT    PRIMARY KEY,
    password_hash  TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    last_seen_at   INTEGER
) WITHOUT ROWID;
