-- Fleet features: the change log behind the pull stream, stream consumers' cursors, the server registry.

-- Every decision that becomes active ('add') or stops being active ('remove'). Filled by triggers, so every
-- writer (reports, operators, expiry sweeper) is covered without touching its code.
CREATE TABLE decision_changes (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    decision_id  BIGINT NOT NULL,
    address      TEXT   NOT NULL,
    op           TEXT   NOT NULL CHECK (op IN ('add', 'remove')),
    expires_at   BIGINT NOT NULL
);

CREATE FUNCTION fg_decision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.state = 'active' THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'add', NEW.expires_at);
    ELSIF TG_OP = 'UPDATE' AND OLD.state = 'active' AND NEW.state <> 'active' THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'remove', NEW.expires_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_decisions_change_add AFTER INSERT ON decisions
    FOR EACH ROW WHEN (NEW.state = 'active') EXECUTE FUNCTION fg_decision_change();

CREATE TRIGGER tr_decisions_change_remove AFTER UPDATE OF state ON decisions
    FOR EACH ROW WHEN (OLD.state = 'active' AND NEW.state <> 'active') EXECUTE FUNCTION fg_decision_change();

-- One cursor per named consumer: the last change sequence it was given.
CREATE TABLE stream_consumers (
    name        TEXT   PRIMARY KEY,
    cursor      BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Registered servers (fail2ban hosts that report and may also be targets).
CREATE TABLE servers (
    name             TEXT    PRIMARY KEY,
    address          TEXT    NOT NULL,
    credential       TEXT    NOT NULL,
    max_addresses    INTEGER,
    ban_duration_ms  BIGINT,
    scope            TEXT    NOT NULL CHECK (scope IN ('fleet', 'group')),
    group_name       TEXT,
    active           BOOLEAN NOT NULL,
    allow_list_id    BIGINT,
    created_at       BIGINT  NOT NULL
);

CREATE INDEX ix_reports_observed_at ON reports (observed_at);

-- The targets an operator lock was limited to; a decision without rows goes to every target.
CREATE TABLE lock_targets (
    decision_id BIGINT NOT NULL,
    target      TEXT   NOT NULL,
    PRIMARY KEY (decision_id, target)
);
