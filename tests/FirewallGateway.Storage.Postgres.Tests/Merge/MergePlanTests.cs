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

        // Past PostgreSQL's five custom plans, so the session settles on the generic plans it keeps. Every batch
        // reaches every statement: a new address with a keyed report and a repeat, the previous batch's address
        // whose decision has expired (closed, then a new one), and a long-lived address that is merged into.
        var lasting = BanAddress.Parse("1.21.1.1");
        for (int batch = 1; batch <= 8; batch++)
        {
            plans.Clear();
            var address = BanAddress.Parse($"1.21.0.{batch}");
            var keyed = Some.Report(address) with { DeduplicationKey = $"event-{batch}" };
            var now = Some.Start.AddHours(2 * batch);
            BatchMergeItem[] items =
            [
                Item(keyed), Item(Some.Report(address)), Item(Some.Report(BanAddress.Parse($"1.21.0.{batch - 1}"))),
                Item(Some.Report(lasting)) with { BaseDuration = TimeSpan.FromDays(30) },
            ];
            var results = await PostgresBatchMerge.RunAsync(connection, items, Rules, now, Ct);
            Assert.Equal(
                [OutcomeCodes.Created, OutcomeCodes.Merged, OutcomeCodes.Created, batch == 1 ? OutcomeCodes.Created : OutcomeCodes.Merged],
                results.Select(r => r.Code));
        }

        // The last batch's plans: the generic ones the session keeps. Each statement that reads or writes the
        // decisions or reports goes through an index with a condition (a probe), never a whole-table read.
        Assert.Contains(plans, p => p.Contains("x.address = k.address AND x.state = 'active'", StringComparison.Ordinal)
            && p.Contains("ux_decisions_active_address", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("r.dedup_key = b.dedup_key", StringComparison.Ordinal)
            && p.Contains("ux_reports_dedup_key", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("SET state = 'expired'", StringComparison.Ordinal)
            && p.Contains("decisions_pkey", StringComparison.Ordinal));
        Assert.Contains(plans, p => p.Contains("UPDATE decisions d SET last_seen", StringComparison.Ordinal)
            && p.Contains("decisions_pkey", StringComparison.Ordinal));
        foreach (string plan in plans)
        {
            string[] lines = plan.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("Scan", StringComparison.Ordinal)
                    && (lines[i].Contains(" on decisions", StringComparison.Ordinal) || lines[i].Contains(" on reports", StringComparison.Ordinal)))
                {
                    Assert.DoesNotContain("Seq Scan", lines[i], StringComparison.Ordinal);
                    Assert.True(
                        i + 1 < lines.Length && (lines[i + 1].Contains("Index Cond", StringComparison.Ordinal) || lines[i + 1].Contains("Recheck Cond", StringComparison.Ordinal)),
                        $"a whole-table read: {lines[i]}\n{plan}");
                }
            }
        }
    }

    private static BatchMergeItem Item(BanReport report) => new(report, null, EchoReporter: false, TimeSpan.FromHours(1));
}
