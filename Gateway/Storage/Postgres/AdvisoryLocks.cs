namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The first key of every two-key advisory lock the gateway takes, so its locks never collide with each
/// other or with another application's single-key locks on the same database.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>
    /// Held by every write transaction of every gateway until it ends (second key: 0): the fleet's writers take
    /// turns, as SQLite's single writer does. Finer locks deadlock: a group commit merges its addresses in
    /// arrival order and the dispatcher completes outbox rows in batch order, so two transactions can lock the
    /// same rows in opposite orders and PostgreSQL would abort a whole batch of reports. Each turn still
    /// commits hundreds of reports (group commit), which is what keeps ingest fast; readers never wait.
    /// </summary>
    public const int Writes = 0x46475701;

    /// <summary>Held by the gateway that drives a target (second key: hashtext(target name)).</summary>
    public const int TargetLease = 0x46475702;

    /// <summary>Held while migrations run (second key: 0).</summary>
    public const int Migrations = 0x46475703;
}
