-- Wakes the gateway that drives a target when a change for it is queued or replaced, on whichever gateway
-- the report arrived: every gateway LISTENs on this channel and wakes its worker for the named target.
-- The notification is sent at commit, never for a rolled-back change. PostgreSQL folds identical
-- notifications of one transaction into one, so a group commit of 500 bans sends one per target.
-- (PostgreSQL only: the SQLite store has one gateway and wakes its workers in process.)
CREATE FUNCTION firewallgateway_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('firewallgateway_outbox', NEW.target);
    RETURN NULL;
END
$$;

-- A retry being rescheduled does not change version, so only new work wakes anyone.
CREATE TRIGGER outbox_notify AFTER INSERT OR UPDATE OF version ON outbox
    FOR EACH ROW EXECUTE FUNCTION firewallgateway_outbox_notify();
