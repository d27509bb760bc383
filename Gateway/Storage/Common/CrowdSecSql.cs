using System.Data;

namespace FirewallGateway.Storage.Common;

/// <summary>The statements of the CrowdSec local API (bouncers, machines, decisions as bouncers see them).</summary>
internal static class CrowdSecSql
{
    private const string DecisionColumns = "id, address, origin, reason, expires_at";

    // ---- bouncers ----------------------------------------------------------------------------------------

    public static readonly SqlStatement InsertBouncer = new(
        "INSERT INTO crowdsec_bouncers (name, key_hash, created_at) VALUES (@name, @hash, @created) ON CONFLICT DO NOTHING",
        ("@name", DbType.String), ("@hash", DbType.String), ("@created", DbType.Int64));

    // A bouncer that never pulled, or whose cursor fell behind the pruned change rows, will get every active
    // decision, so that is what waits for it.
    public static readonly SqlStatement ListBouncers = new(
        "SELECT b.name, b.created_at, b.last_pull_at, CASE WHEN b.cursor IS NULL" +
        " OR b.cursor < COALESCE((SELECT through_seq FROM decision_changes_pruned WHERE id = 1), 0)" +
        " THEN (SELECT COUNT(*) FROM decisions WHERE state = 'active')" +
        " ELSE (SELECT COUNT(*) FROM decision_changes c WHERE c.seq > b.cursor) END" +
        " FROM crowdsec_bouncers b ORDER BY b.name");

    public static readonly SqlStatement DeleteBouncer = new(
        "DELETE FROM crowdsec_bouncers WHERE name = @name", ("@name", DbType.String));

    public static readonly SqlStatement FindBouncerByKeyHash = new(
        "SELECT name FROM crowdsec_bouncers WHERE key_hash = @hash", ("@hash", DbType.String));

    public static readonly SqlStatement BouncerCursor = new(
        "SELECT cursor, last_pull_at FROM crowdsec_bouncers WHERE name = @name", ("@name", DbType.String));

    public static readonly SqlStatement MoveBouncerCursor = new(
        "UPDATE crowdsec_bouncers SET cursor = @cursor, last_pull_at = @now WHERE name = @name",
        ("@cursor", DbType.Int64), ("@now", DbType.Int64), ("@name", DbType.String));

    public static readonly SqlStatement RecordBouncerContact = new(
        "UPDATE crowdsec_bouncers SET last_pull_at = @now WHERE name = @name", ("@now", DbType.Int64), ("@name", DbType.String));

    // ---- decisions as bouncers see them ------------------------------------------------------------------

    public static readonly SqlStatement LastChange = new("SELECT COALESCE(MAX(seq), 0) FROM decision_changes");

    public static readonly SqlStatement ActiveDecisions = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE state = 'active' AND expires_at > @now ORDER BY id",
        ("@now", DbType.Int64));

    public static readonly SqlStatement ActiveDecisionsContaining = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE state = 'active' AND expires_at > @now" +
        " AND range_start <= @start AND range_end >= @end ORDER BY id",
        ("@now", DbType.Int64), ("@start", DbType.Binary), ("@end", DbType.Binary));

    public static readonly SqlStatement ActiveDecisionsInside = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE state = 'active' AND expires_at > @now" +
        " AND range_start >= @start AND range_end <= @end ORDER BY id",
        ("@now", DbType.Int64), ("@start", DbType.Binary), ("@end", DbType.Binary));

    // A re-sync's `deleted` (see RelationalStore.BouncerSnapshotAsync): ended decisions that still ran at the
    // bouncer's last pull, and active ones seen again since, which may have a longer expiry now.
    public static readonly SqlStatement EndedOrSeenAgainSince = new(
        $"SELECT {DecisionColumns} FROM decisions WHERE (state <> 'active' AND expires_at > @since)" +
        " OR (state = 'active' AND expires_at > @now AND first_seen < @since AND last_seen >= @since) ORDER BY id",
        ("@since", DbType.Int64), ("@now", DbType.Int64));

    public static readonly SqlStatement ChangesAfter = new(
        "SELECT c.seq, c.op, c.decision_id, c.address, c.expires_at, d.origin, d.reason, d.first_seen" +
        " FROM decision_changes c JOIN decisions d ON d.id = c.decision_id WHERE c.seq > @cursor ORDER BY c.seq",
        ("@cursor", DbType.Int64));

    // ---- machines ----------------------------------------------------------------------------------------

    private const string MachineColumns = "machine_id, password_hash, created_at, last_seen_at";

    public static readonly SqlStatement UpsertMachine = new(
        "INSERT INTO crowdsec_machines (machine_id, password_hash, created_at) VALUES (@id, @hash, @created)" +
        " ON CONFLICT (machine_id) DO UPDATE SET password_hash = excluded.password_hash",
        ("@id", DbType.String), ("@hash", DbType.String), ("@created", DbType.Int64));

    public static readonly SqlStatement FindMachine = new(
        $"SELECT {MachineColumns} FROM crowdsec_machines WHERE machine_id = @id", ("@id", DbType.String));

    public static readonly SqlStatement ListMachines = new($"SELECT {MachineColumns} FROM crowdsec_machines ORDER BY machine_id");

    public static readonly SqlStatement DeleteMachine = new(
        "DELETE FROM crowdsec_machines WHERE machine_id = @id", ("@id", DbType.String));

    public static readonly SqlStatement RecordMachineContact = new(
        "UPDATE crowdsec_machines SET last_seen_at = @now WHERE machine_id = @id", ("@now", DbType.Int64), ("@id", DbType.String));
}
