-- An active decision whose expiry moves later (a merged repeat report, an escalation, an operator re-lock) goes
-- into the change log again as an 'add' with its new expiry. Bouncers learn expiries only from the stream
-- (the CrowdSec firewall bouncer sets it as the nft element's timeout); without this row they would let the
-- element lapse at the first expiry while the decision is still active. One row in the writer's own
-- transaction: no extra round trip. A shortened expiry is not streamed: a bouncer holding the longer timeout
-- is told to delete it when the decision ends ('remove').
CREATE TRIGGER tr_decisions_change_extend AFTER UPDATE OF expires_at ON decisions
    WHEN OLD.state = 'active' AND NEW.state = 'active' AND NEW.expires_at > OLD.expires_at
BEGIN
    INSERT INTO decision_changes (decision_id, address, op, expires_at) VALUES (NEW.id, NEW.address, 'add', NEW.expires_at);
END;
