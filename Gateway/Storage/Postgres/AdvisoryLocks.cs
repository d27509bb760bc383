namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The first key of every two-key advisory lock the gateway takes, so its locks never collide with each
/// other or with another application's single-key locks on the same database.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Held for a write transaction while it merges reports for one address (second key: hashtext(address)).</summary>
    public const int Address = 0x46475701;

    /// <summary>Held by the gateway that drives a target (second key: hashtext(target name)).</summary>
    public const int TargetLease = 0x46475702;

    /// <summary>Held while migrations run (second key: 0).</summary>
    public const int Migrations = 0x46475703;
}
