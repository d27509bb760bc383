-- Plans that stay right however small the tables were when a session first ran the batch merge.
--
-- PL/pgSQL keeps a generic plan per session for each statement of fg_merge_reports. Planned while the tables were
-- still (nearly) empty — a new database, a fleet's first minute — two of them went wrong and stayed wrong for the
-- session's life, until an ANALYZE happened to invalidate them (measured on a new database under load: 2-15 ms
-- per report after some 100,000 decisions, instead of a few microseconds):
--  * the active decision's lookup (address = $1 AND state = 'active') costed the expiry index the same as the
--    address index on an empty table and could take it: every active decision read, filtered by address. The
--    expiry index now also names 'expires_at IS NOT NULL' (always true, the column is NOT NULL): the expiry sweep
--    (expires_at <= $1) and MIN(expires_at) imply it, an address lookup does not, so only address indexes serve it.
--  * the duplicate-key lookup (dedup_key = ANY ($1)) could never use the partial unique index in a generic plan and
--    scanned the reports table once per batch: each keyed report now probes the index on its own.
DROP INDEX ix_decisions_active_expiry;
CREATE INDEX ix_decisions_active_expiry ON decisions (expires_at) WHERE state = 'active' AND expires_at IS NOT NULL;

-- The function also takes the addresses the reports named (p_report_address) beside the addresses their decisions
-- are about (p_address): with Policy:IPv6BanPrefix a report of one IPv6 address bans its whole block, as the C#
-- merge does, while the report row keeps the address it named. A new parameter list, so drop and create.
DROP FUNCTION fg_merge_reports(text[], bytea[], bytea[], text[], text[], text[], bigint[], bigint[], text[], text[],
    text[], text[], integer[], text[], text[], text[], boolean[], bigint[], bigint, double precision, bigint, bigint, bigint);

CREATE FUNCTION fg_merge_reports(
    p_address text[], p_range_start bytea[], p_range_end bytea[], p_reporter text[], p_source text[], p_reason text[],
    p_requested_ms bigint[], p_observed_at bigint[], p_host text[], p_rule text[], p_protocol text[], p_port text[],
    p_failures integer[], p_evidence text[], p_dedup_key text[], p_filter_code text[], p_echo boolean[],
    p_base_ticks bigint[], p_now_ticks bigint, p_escalation_factor double precision, p_escalation_window_ticks bigint,
    p_maximum_ticks bigint, p_minimum_push_ticks bigint, p_report_address text[])
RETURNS TABLE (
    r_ordinal integer, r_outcome text, r_enqueued boolean, r_id bigint, r_address text, r_origin text, r_reason text,
    r_first_seen bigint, r_last_seen bigint, r_expires_at bigint, r_report_count integer, r_state text, r_created_by text)
LANGUAGE plpgsql AS $$
DECLARE
    n integer := coalesce(array_length(p_address, 1), 0);
    now_ms bigint := p_now_ticks / 10000;
    since_ms bigint := (p_now_ticks - p_escalation_window_ticks) / 10000;
    lock_key integer;
    batch_keys text[] := '{}';
    active decisions%ROWTYPE;
    earlier integer;
    escalated double precision;
    duration_ticks bigint;
    expires_ticks bigint;
    new_id bigint;
    -- per report: the decision it fed and its stored outcome (null: not stored, a duplicate)
    report_decision bigint[] := array_fill(NULL::bigint, ARRAY[n]);
    report_outcome text[] := array_fill(NULL::text, ARRAY[n]);
    -- the ban changes to queue, and the change-log rows, in order
    ban_ordinal integer[] := '{}';
    ban_address text[] := '{}';
    ban_decision bigint[] := '{}';
    ban_expires bigint[] := '{}';
    change_decision bigint[] := '{}';
    change_address text[] := '{}';
    change_op text[] := '{}';
    change_expires bigint[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1179080449, 0);
    FOR lock_key IN
        SELECT DISTINCT hashtext(k) FROM unnest(p_address || ARRAY(
            SELECT 'key:' || d FROM unnest(p_dedup_key) AS d WHERE d IS NOT NULL)) AS k
        ORDER BY 1
    LOOP
        -- Two keys sharing a hash only make two batches queue; they never merge anything wrongly.
        PERFORM pg_advisory_xact_lock(1179080452, lock_key);
    END LOOP;

    PERFORM set_config('firewallgateway.batch_changes', 'on', true);
    FOR i IN 1 .. n LOOP
        IF p_dedup_key[i] IS NOT NULL THEN
            -- A scalar '=' per keyed report: it proves 'dedup_key IS NOT NULL', so even a generic plan probes the
            -- partial unique index (the former '= ANY (array)' could not, and scanned every report of the table).
            IF p_dedup_key[i] = ANY (batch_keys) OR EXISTS (SELECT 1 FROM reports r WHERE r.dedup_key = p_dedup_key[i]) THEN
                r_ordinal := i; r_outcome := 'duplicate'::text; r_enqueued := false; r_id := NULL; r_address := NULL;
                r_origin := NULL; r_reason := NULL; r_first_seen := NULL; r_last_seen := NULL; r_expires_at := NULL;
                r_report_count := NULL; r_state := NULL; r_created_by := NULL;
                RETURN NEXT;
                CONTINUE;
            END IF;
            batch_keys := batch_keys || p_dedup_key[i];
        END IF;

        IF p_filter_code[i] IS NOT NULL THEN
            report_outcome[i] := p_filter_code[i];
            r_ordinal := i; r_outcome := p_filter_code[i]; r_enqueued := false; r_id := NULL; r_address := NULL;
            r_origin := NULL; r_reason := NULL; r_first_seen := NULL; r_last_seen := NULL; r_expires_at := NULL;
            r_report_count := NULL; r_state := NULL; r_created_by := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;

        SELECT * INTO active FROM decisions d WHERE d.address = p_address[i] AND d.state = 'active';
        IF FOUND AND active.expires_at * 10000 > p_now_ticks THEN
            report_decision[i] := active.id;
            IF p_echo[i] THEN
                report_outcome[i] := 'echo';
                r_ordinal := i; r_outcome := 'echo'::text; r_enqueued := false; r_id := active.id;
                r_address := active.address; r_origin := active.origin; r_reason := active.reason;
                r_first_seen := active.first_seen; r_last_seen := active.last_seen;
                r_expires_at := active.expires_at; r_report_count := active.report_count; r_state := active.state;
                r_created_by := active.created_by;
                RETURN NEXT;
                CONTINUE;
            END IF;

            expires_ticks := greatest(p_now_ticks + p_base_ticks[i], active.expires_at * 10000);
            UPDATE decisions d SET last_seen = now_ms, expires_at = expires_ticks / 10000, report_count = active.report_count + 1
                WHERE d.id = active.id;
            report_outcome[i] := 'merged';
            -- A later expiry goes into the change log again, as the row trigger of 0007 does for every other writer.
            IF expires_ticks / 10000 > active.expires_at THEN
                change_decision := change_decision || active.id;
                change_address := change_address || active.address;
                change_op := change_op || 'add'::text;
                change_expires := change_expires || (expires_ticks / 10000);
            END IF;
            IF expires_ticks - active.expires_at * 10000 >= p_minimum_push_ticks THEN
                ban_ordinal := ban_ordinal || i;
                ban_address := ban_address || p_address[i];
                ban_decision := ban_decision || active.id;
                ban_expires := ban_expires || (expires_ticks / 10000);
            END IF;
            r_ordinal := i; r_outcome := 'merged'::text;
            r_enqueued := expires_ticks - active.expires_at * 10000 >= p_minimum_push_ticks; r_id := active.id;
            r_address := active.address; r_origin := active.origin; r_reason := active.reason;
            r_first_seen := active.first_seen; r_last_seen := now_ms; r_expires_at := expires_ticks / 10000;
            r_report_count := active.report_count + 1; r_state := active.state; r_created_by := active.created_by;
            RETURN NEXT;
            CONTINUE;
        END IF;

        IF FOUND THEN
            -- Expired but not yet swept: close it here so the new decision is the only active one.
            UPDATE decisions d SET state = 'expired' WHERE d.id = active.id;
            change_decision := change_decision || active.id;
            change_address := change_address || active.address;
            change_op := change_op || 'remove'::text;
            change_expires := change_expires || active.expires_at;
        END IF;

        earlier := 0;
        IF p_escalation_factor > 1.0 THEN
            SELECT count(*) INTO earlier FROM decisions d WHERE d.address = p_address[i] AND d.first_seen >= since_ms;
        END IF;
        -- DecisionDurations.ForNewDecision, in the same double arithmetic.
        escalated := p_base_ticks[i]::double precision * power(p_escalation_factor, least(earlier, 64)::double precision);
        duration_ticks := CASE WHEN escalated >= p_maximum_ticks::double precision THEN p_maximum_ticks ELSE trunc(escalated)::bigint END;
        expires_ticks := p_now_ticks + duration_ticks;
        INSERT INTO decisions (address, range_start, range_end, origin, reason, first_seen, last_seen, expires_at,
                report_count, state, created_by)
            VALUES (p_address[i], p_range_start[i], p_range_end[i], p_source[i], p_reason[i], now_ms, now_ms,
                expires_ticks / 10000, 1, 'active', p_reporter[i])
            RETURNING id INTO new_id;
        report_decision[i] := new_id;
        report_outcome[i] := 'created';
        ban_ordinal := ban_ordinal || i;
        ban_address := ban_address || p_address[i];
        ban_decision := ban_decision || new_id;
        ban_expires := ban_expires || (expires_ticks / 10000);
        change_decision := change_decision || new_id;
        change_address := change_address || p_address[i];
        change_op := change_op || 'add'::text;
        change_expires := change_expires || (expires_ticks / 10000);
        r_ordinal := i; r_outcome := 'created'::text; r_enqueued := true; r_id := new_id; r_address := p_address[i];
        r_origin := p_source[i]; r_reason := p_reason[i]; r_first_seen := now_ms; r_last_seen := now_ms;
        r_expires_at := expires_ticks / 10000; r_report_count := 1; r_state := 'active'::text;
        r_created_by := p_reporter[i];
        RETURN NEXT;
    END LOOP;

    -- Every report kept, in arrival order (a duplicate key inside one batch was answered above).
    INSERT INTO reports (address, reporter, source, reason, requested_duration_ms, observed_at, host, rule, protocol,
            port, failures, evidence, dedup_key, decision_id, outcome)
        SELECT r.address, r.reporter, r.source, r.reason, r.requested, r.observed, r.host, r.rule, r.protocol, r.port,
            r.failures, r.evidence, r.dedup_key, r.decision, r.outcome
        FROM unnest(p_report_address, p_reporter, p_source, p_reason, p_requested_ms, p_observed_at, p_host, p_rule, p_protocol,
                p_port, p_failures, p_evidence, p_dedup_key, report_decision, report_outcome)
            WITH ORDINALITY AS r(address, reporter, source, reason, requested, observed, host, rule, protocol, port,
                failures, evidence, dedup_key, decision, outcome, ordinal)
        WHERE r.outcome IS NOT NULL
        ORDER BY r.ordinal
        ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING;

    -- The newest change per address for every enabled target, in the same transaction (one row per address and
    -- target: a later change of the same batch replaces an earlier one, as the row-by-row upsert would).
    IF array_length(ban_address, 1) > 0 THEN
        INSERT INTO outbox (target, kind, address, decision_id, expires_at, attempts, due_at, version, last_error, updated_at)
            SELECT t.name, 'ban', b.address, b.decision, b.expires, 0, now_ms, 1, NULL, now_ms
            FROM (SELECT DISTINCT ON (u.address) u.address, u.decision, u.expires
                  FROM unnest(ban_ordinal, ban_address, ban_decision, ban_expires) AS u(ordinal, address, decision, expires)
                  ORDER BY u.address, u.ordinal DESC) AS b
            CROSS JOIN targets t
            WHERE t.enabled
            ORDER BY b.address, t.name
            ON CONFLICT (target, address) DO UPDATE SET kind = excluded.kind, decision_id = excluded.decision_id,
                expires_at = excluded.expires_at, attempts = 0, due_at = excluded.due_at, version = outbox.version + 1,
                last_error = NULL, updated_at = excluded.updated_at;
    END IF;

    IF array_length(change_address, 1) > 0 THEN
        INSERT INTO decision_changes (decision_id, address, op, expires_at)
            SELECT c.decision, c.address, c.op, c.expires
            FROM unnest(change_decision, change_address, change_op, change_expires) WITH ORDINALITY AS c(decision, address, op, expires, ordinal)
            ORDER BY c.ordinal;
    END IF;

    PERFORM set_config('firewallgateway.batch_changes', 'off', true);
    -- For the wake-up the caller sends behind this statement, outside this transaction (PostgresBatchMerge).
    PERFORM set_config('firewallgateway.batch_enqueued', CASE WHEN array_length(ban_address, 1) > 0 THEN 'on' ELSE 'off' END, false);
END
$$;
