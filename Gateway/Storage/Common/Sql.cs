using System.Data;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// The statements both stores run. They are written in the SQL that SQLite 3.35+ and PostgreSQL 15 share
/// (ON CONFLICT upserts, RETURNING, partial indexes), so the two stores cannot drift apart in behaviour.
/// </summary>
internal static class Sql
{
    private const string DecisionColumns =
        "id, address, origin, reason, first_seen, last_seen, expires_at, report_count, state, created_by";

    private const string OutboxColumns =
        "id, target, kind, address, decision_id, expires_at, attempts, due_at, version, last_error";

    private const string ReportColumns =
        "id, address, reporter, source, reason, requested_duration_ms, observed_at, host, rule, protocol, port, " +
        "failures, evidence, dedup_key, decision_id, outcome";

    private const string OutboxUpsertTail =
        " ON CONFLICT (target, address) DO UPDATE SET kind = excluded.kind, decision_id = excluded.decision_id," +
        " expires_at = excluded.expires_at, attempts = 0, due_at = excluded.due_at, version = outbox.version + 1," +
        " last_error = NULL, updated_at = excluded.updated_at";

    // ---- decisions -------------------------------------------------------------------------------------

    public static readonly SqlStatement FindActiveDecision = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE address = @address AND state = 'active'",
        ("@address", DbType.String));

    public static readonly SqlStatement CountDecisionsSince = new(
        "SELECT COUNT(*) FROM decisions WHERE address = @address AND first_seen >= @since",
        ("@address", DbType.String), ("@since", DbType.Int64));

    public static readonly SqlStatement InsertDecision = new(
        "INSERT INTO decisions (address, range_start, range_end, origin, reason, first_seen, last_seen, expires_at," +
        " report_count, state, created_by) VALUES (@address, @start, @end, @origin, @reason, @first, @last, @expires," +
        " @count, @state, @by) RETURNING id",
        ("@address", DbType.String), ("@start", DbType.Binary), ("@end", DbType.Binary), ("@origin", DbType.String),
        ("@reason", DbType.String), ("@first", DbType.Int64), ("@last", DbType.Int64), ("@expires", DbType.Int64),
        ("@count", DbType.Int32), ("@state", DbType.String), ("@by", DbType.String));

    // The common merge keeps the state: leaving state out of SET spares the rewrite of both partial
    // indexes (they depend on state), which SQLite would otherwise do on every merged report.
    public static readonly SqlStatement UpdateDecisionKeepingState = new(
        "UPDATE decisions SET last_seen = @last, expires_at = @expires, report_count = @count, reason = @reason" +
        " WHERE id = @id AND state = @state",
        ("@last", DbType.Int64), ("@expires", DbType.Int64), ("@count", DbType.Int32), ("@reason", DbType.String),
        ("@id", DbType.Int64), ("@state", DbType.String));

    public static readonly SqlStatement UpdateDecision = new(
        "UPDATE decisions SET last_seen = @last, expires_at = @expires, report_count = @count, reason = @reason," +
        " state = @state WHERE id = @id",
        ("@last", DbType.Int64), ("@expires", DbType.Int64), ("@count", DbType.Int32), ("@reason", DbType.String),
        ("@state", DbType.String), ("@id", DbType.Int64));

    public static readonly SqlStatement GetDecision = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE id = @id", ("@id", DbType.Int64));

    public static readonly SqlStatement ListDecisions = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE (@state IS NULL OR state = @state)" +
        " AND (@address IS NULL OR address = @address) AND (@origin IS NULL OR origin = @origin)" +
        " AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit",
        ("@state", DbType.String), ("@address", DbType.String), ("@origin", DbType.String), ("@before", DbType.Int64),
        ("@limit", DbType.Int32));

    public static readonly SqlStatement ListActiveDecisions = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE state = 'active' AND expires_at > @now ORDER BY id",
        ("@now", DbType.Int64));

    public static readonly SqlStatement CountActiveDecisions = new(
        "SELECT COUNT(*) FROM decisions WHERE state = 'active'");

    public static readonly SqlStatement NextExpiry = new(
        "SELECT MIN(expires_at) FROM decisions WHERE state = 'active'");

    public static readonly SqlStatement SelectDueExpiries = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE state = 'active' AND expires_at <= @now" +
        " ORDER BY expires_at, id LIMIT @max",
        ("@now", DbType.Int64), ("@max", DbType.Int32));

    public static readonly SqlStatement MarkExpired = new(
        "UPDATE decisions SET state = 'expired' WHERE id = @id AND state = 'active'", ("@id", DbType.Int64));

    // ---- reports ---------------------------------------------------------------------------------------

    public static readonly SqlStatement ReportKeyExists = new(
        "SELECT 1 FROM reports WHERE dedup_key = @key LIMIT 1", ("@key", DbType.String));

    // A duplicate key is dropped rather than failing the whole group-commit batch: the caller checks first,
    // this only guards two copies of one delivery inside the same batch.
    public static readonly SqlStatement InsertReport = new(
        "INSERT INTO reports (address, reporter, source, reason, requested_duration_ms, observed_at, host, rule," +
        " protocol, port, failures, evidence, dedup_key, decision_id, outcome) VALUES (@address, @reporter, @source," +
        " @reason, @duration, @observed, @host, @rule, @protocol, @port, @failures, @evidence, @key, @decision," +
        " @outcome) ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING",
        ("@address", DbType.String), ("@reporter", DbType.String), ("@source", DbType.String), ("@reason", DbType.String),
        ("@duration", DbType.Int64), ("@observed", DbType.Int64), ("@host", DbType.String), ("@rule", DbType.String),
        ("@protocol", DbType.String), ("@port", DbType.String), ("@failures", DbType.Int32), ("@evidence", DbType.String),
        ("@key", DbType.String), ("@decision", DbType.Int64), ("@outcome", DbType.String));

    public static readonly SqlStatement ListReports = new(
        $"SELECT {ReportColumns} FROM reports WHERE address = @address ORDER BY id DESC LIMIT @limit",
        ("@address", DbType.String), ("@limit", DbType.Int32));

    // ---- outbox ----------------------------------------------------------------------------------------

    public static readonly SqlStatement EnqueueForTarget = new(
        "INSERT INTO outbox (target, kind, address, decision_id, expires_at, attempts, due_at, version, last_error," +
        " updated_at) VALUES (@target, @kind, @address, @decision, @expires, 0, @now, 1, NULL, @now)" + OutboxUpsertTail,
        ("@target", DbType.String), ("@kind", DbType.String), ("@address", DbType.String), ("@decision", DbType.Int64),
        ("@expires", DbType.Int64), ("@now", DbType.Int64));

    // The fan-out happens in SQL so the set of enabled targets is read in the same transaction as the write.
    public static readonly SqlStatement EnqueueForEnabledTargets = new(
        "INSERT INTO outbox (target, kind, address, decision_id, expires_at, attempts, due_at, version, last_error," +
        " updated_at) SELECT name, @kind, @address, @decision, @expires, 0, @now, 1, NULL, @now FROM targets" +
        " WHERE enabled" + OutboxUpsertTail,
        ("@kind", DbType.String), ("@address", DbType.String), ("@decision", DbType.Int64), ("@expires", DbType.Int64),
        ("@now", DbType.Int64));

    public static readonly SqlStatement TakeDue = new(
        $"SELECT {OutboxColumns} FROM outbox WHERE target = @target AND due_at <= @now ORDER BY due_at, id LIMIT @max",
        ("@target", DbType.String), ("@now", DbType.Int64), ("@max", DbType.Int32));

    public static readonly SqlStatement NextDue = new(
        "SELECT MIN(due_at) FROM outbox WHERE target = @target", ("@target", DbType.String));

    public static readonly SqlStatement CountPending = new(
        "SELECT COUNT(*) FROM outbox WHERE target = @target", ("@target", DbType.String));

    public static readonly SqlStatement DeleteConfirmed = new(
        "DELETE FROM outbox WHERE id = @id AND version = @version", ("@id", DbType.Int64), ("@version", DbType.Int64));

    public static readonly SqlStatement Reschedule = new(
        "UPDATE outbox SET attempts = attempts + 1, due_at = @due, last_error = @error, updated_at = @now" +
        " WHERE id = @id AND version = @version RETURNING attempts",
        ("@due", DbType.Int64), ("@error", DbType.String), ("@now", DbType.Int64), ("@id", DbType.Int64),
        ("@version", DbType.Int64));

    public static readonly SqlStatement RecordEnforcement = new(
        "INSERT INTO enforcement (target, address, state, error, updated_at, attempts) VALUES (@target, @address," +
        " @state, @error, @now, @attempts) ON CONFLICT (target, address) DO UPDATE SET state = excluded.state," +
        " error = excluded.error, updated_at = excluded.updated_at, attempts = excluded.attempts",
        ("@target", DbType.String), ("@address", DbType.String), ("@state", DbType.String), ("@error", DbType.String),
        ("@now", DbType.Int64), ("@attempts", DbType.Int32));

    // ---- targets ---------------------------------------------------------------------------------------

    public static readonly SqlStatement UpsertTarget = new(
        "INSERT INTO targets (name, kind, enabled) VALUES (@name, @kind, @enabled)" +
        " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, enabled = excluded.enabled",
        ("@name", DbType.String), ("@kind", DbType.String), ("@enabled", DbType.Boolean));

    public static readonly SqlStatement ListTargetNames = new("SELECT name FROM targets");

    public static readonly SqlStatement DisableTarget = new(
        "UPDATE targets SET enabled = @enabled WHERE name = @name", ("@enabled", DbType.Boolean), ("@name", DbType.String));

    public static readonly SqlStatement ListTargets = new(
        "SELECT t.name, t.kind, t.enabled, t.last_success_at, t.last_attempt_at, t.last_error," +
        " (SELECT COUNT(*) FROM outbox o WHERE o.target = t.name)," +
        " (SELECT COUNT(*) FROM outbox o WHERE o.target = t.name AND o.attempts > 0)" +
        " FROM targets t ORDER BY t.name");

    public static readonly SqlStatement RecordSuccess = new(
        "UPDATE targets SET last_success_at = @at, last_attempt_at = @at, last_error = NULL WHERE name = @name",
        ("@at", DbType.Int64), ("@name", DbType.String));

    public static readonly SqlStatement RecordFailure = new(
        "UPDATE targets SET last_attempt_at = @at, last_error = @error WHERE name = @name",
        ("@at", DbType.Int64), ("@error", DbType.String), ("@name", DbType.String));

    public static readonly SqlStatement ListOutboxForAddress = new(
        "SELECT target, attempts, last_error, updated_at FROM outbox WHERE address = @address ORDER BY target",
        ("@address", DbType.String));

    public static readonly SqlStatement ListEnforcementForAddress = new(
        "SELECT target, state, error, updated_at, attempts FROM enforcement WHERE address = @address ORDER BY target",
        ("@address", DbType.String));

    // ---- allow-list ------------------------------------------------------------------------------------

    public static readonly SqlStatement ListAllowList = new(
        "SELECT id, address, comment, active, expires_at, source, created_at FROM allow_list ORDER BY id");

    public static readonly SqlStatement InsertAllowListEntry = new(
        "INSERT INTO allow_list (address, range_start, range_end, comment, active, expires_at, source, created_at)" +
        " VALUES (@address, @start, @end, @comment, @active, @expires, @source, @created) RETURNING id",
        ("@address", DbType.String), ("@start", DbType.Binary), ("@end", DbType.Binary), ("@comment", DbType.String),
        ("@active", DbType.Boolean), ("@expires", DbType.Int64), ("@source", DbType.String), ("@created", DbType.Int64));

    public static readonly SqlStatement SetAllowListEntryActive = new(
        "UPDATE allow_list SET active = @active WHERE id = @id", ("@active", DbType.Boolean), ("@id", DbType.Int64));

    public static readonly SqlStatement DeleteAllowListEntry = new(
        "DELETE FROM allow_list WHERE id = @id", ("@id", DbType.Int64));

    // ---- credentials -----------------------------------------------------------------------------------

    public static readonly SqlStatement FindCredential = new(
        "SELECT name, role, password_hash, active, created_at FROM credentials WHERE name = @name", ("@name", DbType.String));

    public static readonly SqlStatement ListCredentials = new(
        "SELECT name, role, password_hash, active, created_at FROM credentials ORDER BY name");

    public static readonly SqlStatement UpsertCredential = new(
        "INSERT INTO credentials (name, role, password_hash, active, created_at) VALUES (@name, @role, @hash, @active," +
        " @created) ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash," +
        " active = excluded.active, created_at = excluded.created_at",
        ("@name", DbType.String), ("@role", DbType.String), ("@hash", DbType.String), ("@active", DbType.Boolean),
        ("@created", DbType.Int64));

    public static readonly SqlStatement DeleteCredential = new(
        "DELETE FROM credentials WHERE name = @name", ("@name", DbType.String));
}
