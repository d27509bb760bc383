namespace FirewallGateway.Storage;

/// <summary>Where the gateway keeps its decisions, reports, allow-list, targets and outbox. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The store: <c>sqlite</c> (default; one file, one gateway) or <c>postgres</c> (several gateways share it).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The SQLite database file; its folder is created at start. Relative paths are resolved against the working directory. Default <c>data/firewallgateway.db</c>.</summary>
    public string SqlitePath { get; set; } = "data/firewallgateway.db";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>normal</c> (default) or <c>full</c>. With <c>normal</c> in WAL mode a
    /// committed report survives the gateway process being killed (the log is in the OS page cache) but a power
    /// loss or kernel crash can take the last commits; <c>full</c> syncs the log at every group commit, which
    /// survives those too at the cost of one fsync per commit.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "normal";

    /// <summary>An Npgsql connection string; required when <see cref="Provider"/> is <c>postgres</c>. Default none.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// With <c>postgres</c>: how often a gateway checks that the session holding a target's lease is alive. When
    /// a check fails the gateway stops driving that target at once (another may have taken it). Default 2 s;
    /// 100 ms to 1 min. Takeover after a gateway dies takes about <c>Dispatch:LeaseRetryInterval</c>.
    /// </summary>
    public TimeSpan PostgresLeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a row of the decision change log (behind the fleet stream and the CrowdSec bouncer stream) is kept.
    /// A consumer that pulls at least this often always gets exact changes; one that pulled longer ago is re-synced.
    /// Default 1 day; 1 s to 365 days.
    /// </summary>
    public TimeSpan ChangeLogRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the change log is pruned (rows go between the retention and the retention plus this). Default 10 min; 1 s to 1 day.</summary>
    public TimeSpan ChangeLogPruneInterval { get; set; } = TimeSpan.FromMinutes(10);
}
