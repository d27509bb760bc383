-- Every gateway keeps the allow-list in memory for its filter. A change made on one gateway (operator, API,
-- server registry) tells the others to reload it: one notification per changing statement, sent at commit.
-- (PostgreSQL only: with SQLite there is one gateway, which reloads after its own changes.)
CREATE FUNCTION firewallgateway_allow_list_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('firewallgateway_allow_list', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER allow_list_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON allow_list
    FOR EACH STATEMENT EXECUTE FUNCTION firewallgateway_allow_list_notify();
