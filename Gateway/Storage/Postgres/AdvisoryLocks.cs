namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The first key of every two-key advisory lock the gateway takes, so its locks never collide with each
/// other or with another application's single-key locks on the same database.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>
    /// Second key 0. Taken SHARED by the decision writer's batches (fg_merge_reports), so the batches of all
    /// gateways run side by side; taken exclusively by every other write transaction (operator actions, expiry
    /// sweep, outbox completion, migrations of data), which were written for a single writer, and by the change
    /// stream's reads (a sequence must not become visible before a lower one): they wait for the batches in
    /// flight, run alone, and are short. Batches serialise among themselves per address only
    /// (<see cref="Address"/>).
    /// </summary>
    public const int Writes = 0x46475701;

    /// <summary>Held by the gateway that drives a target (second key: hashtext(target name)).</summary>
    public const int TargetLease = 0x46475702;

    /// <summary>Held while migrations run (second key: 0).</summary>
    public const int Migrations = 0x46475703;

    /// <summary>
    /// Second key: hashtext(address), or hashtext('key:' || deduplication key). A batch takes all of its keys
    /// first, in ascending order, before it touches a row: batches with disjoint addresses never wait, batches
    /// sharing addresses queue on the first shared key and cannot deadlock (the rows each one then locks belong
    /// to its own keys). Written in migration 0005 as the literal 1179080452.
    /// </summary>
    public const int Address = 0x46475704;
}
