-- The batch merge's fixed cost per call cut (issue 20, round 3): a batch whose addresses and keys are all distinct
-- (every report its own address: most batches under load, whose reports come from many attackers) is planned by
-- one flat statement with no window functions, sorts or subquery levels; any other batch by 0010's plan.
--
-- Measured before (0010, docs/benchmarks/postgres.md "round 3"): about 1 ms of server CPU per call whatever the
-- batch (966 us for a 1-report batch), of which executor start-up (ExecInitNode for the plan statement's window
-- aggregates, sorts and subquery scans) was the largest part beside the commit's log flush. Halving the batches
-- (two gateways) paid it twice as often.
--
-- Why the flat plan gives 0010's answer when addresses and keys are distinct: each window partition (live,
-- address) holds one report, so its rank is 1, a key's rank is 1, "before" is empty and "up to" equals "all":
--  * a live report without an unexpired active decision creates (rank 1), any other live report merges or echoes;
--  * expiry before = the active decision's (when it lasts), after = the greater of that and the report's
--    contribution; changes = 1 when it contributes; final = it merges (not an echo) into a lasting decision;
--  * the decision's constant columns are the creator's own (first_value over one row).
-- Whether the batch is distinct comes from the lock statement: it locks one hash per distinct address and key,
-- and as many hashes as addresses plus keys means every value is distinct (a hash collision only takes 0010's
-- plan, never the flat one wrongly). Same parameters, result rows and rows written as 0010.

CREATE OR REPLACE FUNCTION fg_merge_reports(
    p_address text[], p_range_start bytea[], p_range_end bytea[], p_reporter text[], p_source text[], p_reason text[],
    p_requested_ms bigint[], p_observed_at bigint[], p_host text[], p_rule text[], p_protocol text[], p_port text[],
    p_failures integer[], p_evidence text[], p_dedup_key text[], p_filter_code text[], p_echo boolean[],
    p_base_ticks bigint[], p_now_ticks bigint, p_escalation_factor double precision, p_escalation_window_ticks bigint,
    p_maximum_ticks bigint, p_minimum_push_ticks bigint, p_report_address text[])
RETURNS TABLE (
    r_ordinal integer, r_outcome text, r_enqueued boolean, r_id bigint, r_address text, r_origin text, r_reason text,
    r_first_seen bigint, r_last_seen bigint, r_expires_at bigint, r_report_count integer, r_state text, r_created_by text)
-- Plans: each statement is planned once per session and kept (force_generic_plan): re-planning the two large
-- statements for every batch cost 1.1 ms per call, more than merging 20 reports (measured). A kept plan must not
-- depend on the table sizes when it was made (0009): planned on an empty table, "the rows whose id is in this
-- array" costs a sequential scan the same as an index probe, and the plan would read the whole decisions table per
-- batch once it is large. No statement here needs a whole-table scan (targets is a handful of rows), so sequential
-- scans are ruled out, and every read of decisions or reports is an index probe per batch row (MergePlanTests).
-- JIT is off: a batch statement runs in milliseconds; compiling it took 1.3 s (measured).
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET jit = off
AS $$
DECLARE
    now_ms bigint := p_now_ticks / 10000;
    since_ms bigint := (p_now_ticks - p_escalation_window_ticks) / 10000;
    plan fg_merge_step[];
    closing bigint[];
    merging bigint[];
    merging_expires bigint[];
    merging_count integer[];
    any_enqueued boolean;
    locked bigint;
BEGIN
    -- 1. Locks, as 0005 describes: shared fleet lock, then one per distinct address and key, ascending (the
    -- sorted subquery feeds the calls in order). Two keys sharing a hash only make two batches queue. How many
    -- were taken tells whether the batch's addresses and keys are all distinct (step 2).
    PERFORM pg_advisory_xact_lock_shared(1179080449, 0);
    SELECT count(*) INTO locked
    FROM (SELECT pg_advisory_xact_lock(1179080452, k.key)
          FROM (SELECT DISTINCT hashtext(x) AS key
                FROM unnest(p_address || ARRAY(SELECT 'key:' || d FROM unnest(p_dedup_key) AS d WHERE d IS NOT NULL)) AS x
                ORDER BY 1) AS k) AS taken;

    PERFORM set_config('firewallgateway.batch_changes', 'on', true);

    -- 2. The plan. Distinct addresses and keys (the common case): the flat plan, one index probe per report for
    -- the stored key, the active decision and (creations only) the escalation count.
    IF locked = cardinality(p_address) + cardinality(array_remove(p_dedup_key, NULL)) THEN
        -- The aggregates take the rows in the sorted subquery's order (an ORDER BY inside each would sort the
        -- batch five more times per call).
        SELECT array_agg(s.step),
            array_agg((s.step).closes) FILTER (WHERE (s.step).closes IS NOT NULL),
            array_agg((s.step).decision_id) FILTER (WHERE (s.step).final),
            array_agg((s.step).expires_at) FILTER (WHERE (s.step).final),
            array_agg((s.step).report_count) FILTER (WHERE (s.step).final),
            coalesce(bool_or((s.step).enqueued), false)
        INTO plan, closing, merging, merging_expires, merging_count, any_enqueued
        FROM (
            SELECT o.ordinal, CASE
                    WHEN o.duplicate THEN ROW('duplicate', NULL, NULL, false, false, false, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, false, NULL, NULL)::fg_merge_step
                    WHEN NOT o.live THEN ROW(o.filter_code, NULL, NULL, false, false, false, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, false, NULL, NULL)::fg_merge_step
                    ELSE ROW(
                        CASE WHEN o.creates THEN 'created' WHEN o.echo THEN 'echo' ELSE 'merged' END,
                        o.address,
                        CASE WHEN o.lasting THEN o.id ELSE o.new_id END,
                        o.creates,
                        -- A merge is pushed when it moves the expiry by at least the minimum (in ticks, as the loop).
                        o.creates OR (NOT o.echo
                            AND greatest(p_now_ticks + o.base_ticks - o.d_expires * 10000, 0) >= p_minimum_push_ticks),
                        o.creates OR (NOT o.echo AND o.expires_after > o.d_expires),
                        CASE WHEN o.creates THEN o.id END,
                        CASE WHEN o.creates THEN o.d_expires END,
                        CASE WHEN o.lasting THEN o.d_origin ELSE o.source END,
                        CASE WHEN o.lasting THEN o.d_reason ELSE o.reason END,
                        CASE WHEN o.lasting THEN o.d_first_seen ELSE now_ms END,
                        CASE WHEN o.lasting THEN o.d_created_by ELSE o.reporter END,
                        CASE WHEN o.contribution IS NOT NULL THEN now_ms ELSE o.d_last_seen END,
                        o.expires_after,
                        o.report_count,
                        o.lasting AND NOT o.echo,
                        o.expires_after,
                        o.report_count)::fg_merge_step
                END AS step
            FROM (
                -- New decisions' ids drawn in arrival order (the sort feeds nextval in order).
                SELECT c.*, CASE WHEN c.creates THEN nextval('decisions_id_seq'::regclass) END AS new_id,
                    greatest(CASE WHEN c.lasting THEN c.d_expires END, c.contribution) AS expires_after,
                    (CASE WHEN c.lasting THEN c.d_count ELSE 0 END + (c.contribution IS NOT NULL)::integer)::integer AS report_count
                FROM (
                    SELECT f.*, CASE
                            WHEN f.creates THEN (p_now_ticks + CASE WHEN escalated.ticks >= p_maximum_ticks::double precision
                                THEN p_maximum_ticks ELSE trunc(escalated.ticks)::bigint END) / 10000
                            WHEN f.live AND NOT f.echo THEN (p_now_ticks + f.base_ticks) / 10000 END AS contribution
                    FROM (
                        SELECT u.ordinality::integer AS ordinal, u.address, u.filter_code, u.echo, u.base_ticks, u.source,
                            u.reason, u.reporter, flat_key.duplicate, live.live, d.id, d.origin AS d_origin,
                            d.reason AS d_reason, d.first_seen AS d_first_seen, d.last_seen AS d_last_seen,
                            d.expires_at AS d_expires, d.report_count AS d_count, d.created_by AS d_created_by,
                            live.live AND NOT coalesce(d.expires_at * 10000 > p_now_ticks, false) AS creates,
                            coalesce(d.expires_at * 10000 > p_now_ticks, false) AS lasting
                        FROM unnest(p_address, p_dedup_key, p_filter_code, p_echo, p_base_ticks, p_source, p_reason, p_reporter)
                            WITH ORDINALITY AS u(address, dedup_key, filter_code, echo, base_ticks, source, reason, reporter, ordinality)
                        CROSS JOIN LATERAL (SELECT u.dedup_key IS NOT NULL AND EXISTS (
                            SELECT 1 FROM reports r WHERE r.dedup_key = u.dedup_key) AS duplicate) AS flat_key
                        CROSS JOIN LATERAL (SELECT NOT flat_key.duplicate AND u.filter_code IS NULL AS live) AS live
                        LEFT JOIN LATERAL (SELECT * FROM decisions x
                            WHERE live.live AND x.address = u.address AND x.state = 'active' LIMIT 1) AS d ON true) AS f
                    CROSS JOIN LATERAL (SELECT f.base_ticks::double precision * power(p_escalation_factor, least((
                        SELECT count(*) FROM decisions x WHERE f.creates AND p_escalation_factor > 1.0
                            AND x.address = f.address AND x.first_seen >= since_ms), 64)::double precision) AS ticks) AS escalated) AS c
                ORDER BY c.ordinal) AS o) AS s;
    ELSE
        -- Any other batch: the plan of 0010, read after the locks (a new snapshot per statement: what earlier
        -- batches of these addresses committed is seen). One row per report all the way down: each level adds columns (window functions over
        -- the address in arrival order, or an index probe per row), so no step joins two sets of batch rows.
        WITH batch AS (
            SELECT u.ordinal::integer AS ordinal, u.address, u.dedup_key, u.filter_code, u.echo, u.base_ticks, u.source,
                u.reason, u.reporter
            FROM unnest(p_address, p_dedup_key, p_filter_code, p_echo, p_base_ticks, p_source, p_reason, p_reporter)
                WITH ORDINALITY AS u(address, dedup_key, filter_code, echo, base_ticks, source, reason, reporter, ordinal)
        ),
        -- A duplicate: its key was stored by an earlier batch, or an earlier report of this batch has it (the first
        -- one is stored, filtered or not). 'live': neither duplicate nor filtered, the report reaches the decisions.
        keyed AS (
            SELECT b.*, dup.duplicate, NOT dup.duplicate AND b.filter_code IS NULL AS live
            FROM (SELECT i.*, row_number() OVER (PARTITION BY i.dedup_key ORDER BY i.ordinal) AS key_rank FROM batch i) AS b
            LEFT JOIN LATERAL (SELECT true AS hit FROM reports r WHERE r.dedup_key = b.dedup_key LIMIT 1) AS known ON true
            CROSS JOIN LATERAL (SELECT b.dedup_key IS NOT NULL AND (b.key_rank > 1 OR known.hit IS NOT NULL) AS duplicate) AS dup
        ),
        -- Each live report's active decision (the address's, probed per report), whether it outlasts now, and the
        -- report's rank among its address's live reports.
        looked AS (
            SELECT k.*, d.id, d.origin AS d_origin, d.reason AS d_reason, d.first_seen AS d_first_seen,
                d.last_seen AS d_last_seen, d.expires_at AS d_expires, d.report_count AS d_count, d.created_by AS d_created_by,
                coalesce(d.expires_at * 10000 > p_now_ticks, false) AS lasting,
                row_number() OVER (PARTITION BY k.live, k.address ORDER BY k.ordinal) AS rank
            FROM keyed k
            LEFT JOIN LATERAL (SELECT * FROM decisions x WHERE k.live AND x.address = k.address AND x.state = 'active' LIMIT 1) AS d ON true
        ),
        -- The report that creates its address's decision, with the escalation count (decisions of the address in the
        -- window, the expired one included) and the escalated duration: DecisionDurations.ForNewDecision, same
        -- double arithmetic. What each report adds to the expiry (ms): a creation its duration, a merge now + its
        -- duration, an echo nothing.
        contributions AS (
            SELECT c.*,
                CASE WHEN c.creates THEN (p_now_ticks + c.duration_ticks) / 10000
                     WHEN c.live AND NOT c.echo THEN (p_now_ticks + c.base_ticks) / 10000 END AS contribution
            FROM (
                SELECT l.*, l.live AND NOT l.lasting AND l.rank = 1 AS creates,
                    CASE WHEN escalated.ticks >= p_maximum_ticks::double precision THEN p_maximum_ticks
                         ELSE trunc(escalated.ticks)::bigint END AS duration_ticks
                FROM looked l
                CROSS JOIN LATERAL (SELECT count(*) AS earlier FROM decisions x
                    WHERE l.live AND NOT l.lasting AND l.rank = 1 AND p_escalation_factor > 1.0
                        AND x.address = l.address AND x.first_seen >= since_ms) AS e
                CROSS JOIN LATERAL (SELECT l.base_ticks::double precision
                    * power(p_escalation_factor, least(e.earlier, 64)::double precision) AS ticks) AS escalated) AS c
        ),
        -- Running per address in arrival order: the expiry before and after each report, the changes so far, and the
        -- decision's constant columns (an existing decision's, or its creator's).
        running AS (
            SELECT t.*,
                greatest(CASE WHEN t.lasting THEN t.d_expires END, max(t.contribution) OVER w_before) AS expires_before,
                greatest(CASE WHEN t.lasting THEN t.d_expires END, max(t.contribution) OVER w_upto) AS expires_after,
                count(t.contribution) OVER w_upto AS changes_after,
                count(t.contribution) OVER w_upto = count(t.contribution) OVER w_all AND NOT t.echo AND t.lasting AS final,
                greatest(CASE WHEN t.lasting THEN t.d_expires END, max(t.contribution) OVER w_all) AS final_expires,
                count(t.contribution) OVER w_all AS final_changes,
                first_value(t.source) OVER w_upto AS creator_source,
                first_value(t.reason) OVER w_upto AS creator_reason,
                first_value(t.reporter) OVER w_upto AS creator_reporter
            FROM contributions t
            WINDOW w_upto AS (PARTITION BY t.live, t.address ORDER BY t.ordinal ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                   w_before AS (PARTITION BY t.live, t.address ORDER BY t.ordinal ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                   w_all AS (PARTITION BY t.live, t.address)
        ),
        -- New decisions' ids drawn in arrival order (one row per report, in order: the sequence is called in order).
        numbered AS (
            SELECT r.*, CASE WHEN r.creates THEN nextval('decisions_id_seq'::regclass) END AS new_id
            FROM (SELECT * FROM running ORDER BY ordinal) AS r
        ),
        steps AS (
            SELECT n.ordinal, CASE
                    WHEN n.duplicate THEN ROW('duplicate', NULL, NULL, false, false, false, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, false, NULL, NULL)::fg_merge_step
                    WHEN NOT n.live THEN ROW(n.filter_code, NULL, NULL, false, false, false, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, false, NULL, NULL)::fg_merge_step
                    ELSE ROW(
                        CASE WHEN n.creates THEN 'created' WHEN n.echo THEN 'echo' ELSE 'merged' END,
                        n.address,
                        CASE WHEN n.lasting THEN n.id ELSE max(n.new_id) OVER (PARTITION BY n.live, n.address) END,
                        n.creates,
                        -- A merge is pushed when it moves the expiry by at least the minimum (in ticks, as the loop).
                        n.creates OR (NOT n.echo
                            AND greatest(p_now_ticks + n.base_ticks - n.expires_before * 10000, 0) >= p_minimum_push_ticks),
                        n.creates OR (NOT n.echo AND n.expires_after > n.expires_before),
                        CASE WHEN n.creates THEN n.id END,
                        CASE WHEN n.creates THEN n.d_expires END,
                        CASE WHEN n.lasting THEN n.d_origin ELSE n.creator_source END,
                        CASE WHEN n.lasting THEN n.d_reason ELSE n.creator_reason END,
                        CASE WHEN n.lasting THEN n.d_first_seen ELSE now_ms END,
                        CASE WHEN n.lasting THEN n.d_created_by ELSE n.creator_reporter END,
                        CASE WHEN n.changes_after > 0 THEN now_ms ELSE n.d_last_seen END,
                        n.expires_after,
                        (CASE WHEN n.lasting THEN n.d_count ELSE 0 END + n.changes_after)::integer,
                        n.final,
                        n.final_expires,
                        (CASE WHEN n.lasting THEN n.d_count ELSE 0 END + n.final_changes)::integer)::fg_merge_step
                END AS step
            FROM numbered n
        )
        SELECT array_agg(s.step ORDER BY s.ordinal),
            array_agg((s.step).closes ORDER BY (s.step).closes) FILTER (WHERE (s.step).closes IS NOT NULL),
            array_agg((s.step).decision_id ORDER BY s.ordinal) FILTER (WHERE (s.step).final),
            array_agg((s.step).expires_at ORDER BY s.ordinal) FILTER (WHERE (s.step).final),
            array_agg((s.step).report_count ORDER BY s.ordinal) FILTER (WHERE (s.step).final),
            coalesce(bool_or((s.step).enqueued), false)
        INTO plan, closing, merging, merging_expires, merging_count, any_enqueued
        FROM steps s;
    END IF;

    -- 3. Expired but not yet swept: closed here, before the new decision is written, so that it is the only
    -- active one (the unique index on active addresses checks each row as it is written).
    IF closing IS NOT NULL THEN
        UPDATE decisions d SET state = 'expired' WHERE d.id = ANY (closing);
    END IF;

    -- 4. Everything else in one statement: the CTEs write different rows (new decisions, merged decisions, reports,
    -- outbox rows, change-log rows); the reports' foreign keys are checked at its end, new decisions included.
    RETURN QUERY
    -- The reports' columns beside their steps (unnest expands the composite step into its fields).
    WITH steps AS (
        SELECT r.*, r.ordinality::integer AS ordinal
        FROM unnest(p_report_address, p_reporter, p_source, p_reason, p_requested_ms, p_observed_at, p_host, p_rule,
                p_protocol, p_port, p_failures, p_evidence, p_dedup_key, p_range_start, p_range_end, plan)
            WITH ORDINALITY AS r(report_address, reporter, source, report_reason, requested, observed, host, rule,
                protocol, port, failures, evidence, dedup_key, range_start, range_end)
    ),
    -- New decisions in arrival order, already as they stand after the batch (the address's last step).
    created AS (
        INSERT INTO decisions (id, address, range_start, range_end, origin, reason, first_seen, last_seen, expires_at,
                report_count, state, created_by)
            SELECT s.decision_id, s.address, s.range_start, s.range_end, s.origin, s.reason, now_ms, now_ms,
                s.final_expires, s.final_count, 'active', s.created_by
            FROM steps s
            WHERE s.creates
            ORDER BY s.ordinal
    ),
    -- Existing decisions that took a merge: one write each, with the values after the batch's last merge.
    merged AS (
        UPDATE decisions d SET last_seen = now_ms, expires_at = m.expires_at, report_count = m.report_count
            FROM unnest(merging, merging_expires, merging_count) AS m(id, expires_at, report_count)
            -- '= ANY': the decisions are found by their key, whatever the plan joins the list with.
            WHERE d.id = ANY (merging) AND d.id = m.id
    ),
    -- Every report kept, in arrival order (a duplicate key, stored or in this batch, was answered in the plan).
    stored AS (
        INSERT INTO reports (address, reporter, source, reason, requested_duration_ms, observed_at, host, rule, protocol,
                port, failures, evidence, dedup_key, decision_id, outcome)
            SELECT s.report_address, s.reporter, s.source, s.report_reason, s.requested, s.observed, s.host, s.rule,
                s.protocol, s.port, s.failures, s.evidence, s.dedup_key, s.decision_id, s.outcome
            FROM steps s WHERE s.outcome <> 'duplicate'
            ORDER BY s.ordinal
            ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
    ),
    -- The newest queued change per address for every enabled target (one row per address and target, as 0009).
    queued AS (
        INSERT INTO outbox (target, kind, address, decision_id, expires_at, attempts, due_at, version, last_error, updated_at)
            SELECT t.name, 'ban', b.address, b.decision_id, b.expires_at, 0, now_ms, 1, NULL, now_ms
            FROM (SELECT DISTINCT ON (s.address) s.address, s.decision_id, s.expires_at
                  FROM steps s WHERE s.enqueued
                  ORDER BY s.address, s.ordinal DESC) AS b
            CROSS JOIN targets t
            WHERE t.enabled
            ORDER BY b.address, t.name
            ON CONFLICT (target, address) DO UPDATE SET kind = excluded.kind, decision_id = excluded.decision_id,
                expires_at = excluded.expires_at, attempts = 0, due_at = excluded.due_at, version = outbox.version + 1,
                last_error = NULL, updated_at = excluded.updated_at
    ),
    -- The change log in the order the loop wrote it: a closed decision's 'remove' before its successor's 'add'.
    logged AS (
        INSERT INTO decision_changes (decision_id, address, op, expires_at)
            SELECT c.decision_id, c.address, c.op, c.expires_at
            FROM (SELECT s.ordinal, 0 AS part, s.closes AS decision_id, s.address, 'remove' AS op, s.closes_expires AS expires_at
                  FROM steps s WHERE s.closes IS NOT NULL
                  UNION ALL
                  SELECT s.ordinal, 1, s.decision_id, s.address, 'add', s.expires_at
                  FROM steps s WHERE s.logged) AS c
            ORDER BY c.ordinal, c.part
    )
    SELECT s.ordinal, s.outcome, s.enqueued, s.decision_id, s.address, s.origin, s.reason, s.first_seen, s.last_seen,
        s.expires_at, s.report_count, CASE WHEN s.decision_id IS NOT NULL THEN 'active'::text END, s.created_by
    FROM steps s
    ORDER BY s.ordinal;

    PERFORM set_config('firewallgateway.batch_changes', 'off', true);
    -- For the wake-up the caller sends behind this statement, outside this transaction (PostgresBatchMerge).
    PERFORM set_config('firewallgateway.batch_enqueued', CASE WHEN any_enqueued THEN 'on' ELSE 'off' END, false);
END
$$;
