using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Npgsql;

namespace FirewallGateway.Storage.Postgres.Tests.Merge;

/// <summary>
/// The plans fg_merge_reports keeps for a session when that session first merged while the tables were empty (a
/// new database, a fleet's first minute): PL/pgSQL keeps them for the session's life, so a plan that reads every
/// row instead of probing an index makes every later batch slower as the tables grow. The plans are read from
/// the server itself: auto_explain sends each nested statement's plan to this session as a notice.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class MergePlanTests : IAsyncLifetime
{
    private static readonly BatchMergeRules Rules = new(2.0, TimeSpan.FromDays(30), TimeSpan.FromDays(30), TimeSpan.FromMinutes(1));
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    public MergePlanTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        await using var store = new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);
        await store.MigrateAsync(Ct);
        await store.SyncTargetsAsync([("edge", "nftables")], Ct);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task MergeBatch_PlansMadeOnEmptyTables_ProbeTheAddressAndKeyIndexesNeverScanEveryRow()
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(_database, "merge-plans"));
        await connection.OpenAsync(Ct);
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await using (var setup = new NpgsqlCommand(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;" +
            " SET auto_explain.log_level = notice; SET client_min_messages = notice;", connection))
        {
            await setup.ExecuteNonQueryAsync(Ct);
        }

        // Past PostgreSQL's five custom plans, so the session settles on the generic plans it keeps; every batch
        // has a new address and a repeat, one keyed report and one without.
        for (int batch = 1; batch <= 8; batch++)
        {
            plans.Clear();
            var address = BanAddress.Parse($"1.21.0.{batch}");
            var keyed = Some.Report(address) with { DeduplicationKey = $"event-{batch}" };
            var results = await PostgresBatchMerge.RunAsync(connection, [Item(keyed), Item(Some.Report(address))], Rules, Some.Start, Ct);
            Assert.Equal([OutcomeCodes.Created, OutcomeCodes.Merged], results.Select(r => r.Code));
        }

        // The last batch's plans: the generic ones the session keeps.
        var lookups = plans.Where(p => p.Contains("WHERE d.address = p_address[i] AND d.state = 'active'", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lookups.Count);
        Assert.All(lookups, plan =>
        {
            Assert.Contains("Index Cond: (address =", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("ix_decisions_active_expiry", plan, StringComparison.Ordinal);
        });
        string duplicate = Assert.Single(plans, p => p.Contains("r.dedup_key = p_dedup_key[i]", StringComparison.Ordinal));
        Assert.Contains("ux_reports_dedup_key", duplicate, StringComparison.Ordinal);
        Assert.DoesNotContain(plans, p => p.Contains("Seq Scan on reports", StringComparison.Ordinal) || p.Contains("Seq Scan on decisions", StringComparison.Ordinal));
    }

    private static BatchMergeItem Item(BanReport report) => new(report, null, EchoReporter: false, TimeSpan.FromHours(1));
}
