-- An active decision whose expiry moves later (a merged repeat report, an escalation, an operator re-lock) goes
-- into the change log again as an 'add' with its new expiry. Bouncers learn expiries only from the stream
-- (the CrowdSec firewall bouncer sets it as the nft element's timeout); without this row they would let the
-- element lapse at the first expiry while the decision is still active. A shortened expiry is not streamed.
--
-- Every writer but the batch: a row trigger, like the 'add'/'remove' ones (and standing aside while a batch runs).
CREATE OR REPLACE FUNCTION fg_decision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.state = 'active' THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'add', NEW.expires_at);
    ELSIF TG_OP = 'UPDATE' AND OLD.state = 'active' AND NEW.state <> 'active' THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'remove', NEW.expires_at);
    ELSIF TG_OP = 'UPDATE' AND OLD.state = 'active' AND NEW.state = 'active' AND NEW.expires_at > OLD.expires_at THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'add', NEW.expires_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_decisions_change_extend AFTER UPDATE OF expires_at ON decisions
    FOR EACH ROW WHEN (OLD.state = 'active' AND NEW.state = 'active' AND NEW.expires_at > OLD.expires_at
        AND current_setting('firewallgateway.batch_changes', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION fg_decision_change();
