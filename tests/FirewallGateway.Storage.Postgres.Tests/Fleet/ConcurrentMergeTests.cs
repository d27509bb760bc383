using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Npgsql;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>Two store instances (two gateways) merging reports for the same addresses at the same moment.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class ConcurrentMergeTests : IAsyncLifetime
{
    private const int Addresses = 20;
    private const int ReportsPerAddressPerWriter = 10;
    private const int WritersPerStore = 4;
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    public ConcurrentMergeTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _a = new PostgresStore(_cluster.ConnectionString(_database, "merge-a"), TimeProvider.System);
        _b = new PostgresStore(_cluster.ConnectionString(_database, "merge-b"), TimeProvider.System);
        await _a.MigrateAsync(Ct);
        await _a.SyncTargetsAsync([("edge", "nftables"), ("core", "routeros")], Ct);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task MergeInParallel_TwoStoresSameAddresses_OneActiveDecisionPerAddressAndEveryReportCounted()
    {
        var addresses = Enumerable.Range(0, Addresses).Select(i => BanAddress.Parse($"1.3.0.{i + 1}")).ToList();

        // Every writer walks all addresses in its own shuffled order, several times, in small transactions.
        var writers = Enumerable.Range(0, 2 * WritersPerStore).Select(w => Task.Run(() => WriteAsync(w % 2 == 0 ? _a : _b, addresses, seed: w)));
        await Task.WhenAll(writers);

        int expected = 2 * WritersPerStore * ReportsPerAddressPerWriter;
        foreach (var address in addresses)
        {
            var active = await _a.ListDecisionsAsync(new DecisionQuery(DecisionState.Active, address), Ct);
            var all = await _a.ListDecisionsAsync(new DecisionQuery(null, address), Ct);
            Assert.Equal(expected, Assert.Single(active).ReportCount);
            Assert.Single(all);
            Assert.Equal(expected, (await _b.ListReportsAsync(address, 1000, Ct)).Count);
        }

        Assert.Equal(Addresses, await _b.CountPendingAsync("edge", Ct));
        Assert.Equal(Addresses, await _b.CountPendingAsync("core", Ct));
    }

    [Fact]
    public async Task InsertDecisionAsync_SecondActiveDecisionForAnAddress_IsRefusedByTheDatabase()
    {
        var address = BanAddress.Parse("1.3.1.1");
        await using (var tx = await _a.BeginWriteAsync(Ct))
        {
            await tx.InsertDecisionAsync(Decision(address), Ct);
            await tx.CommitAsync(Ct);
        }

        await using var second = await _b.BeginWriteAsync(Ct);
        var error = await Assert.ThrowsAsync<PostgresException>(async () => await second.InsertDecisionAsync(Decision(address), Ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    private async Task WriteAsync(RelationalStore store, List<BanAddress> addresses, int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < ReportsPerAddressPerWriter; round++)
        {
            foreach (var batch in addresses.OrderBy(_ => random.Next()).Chunk(5))
            {
                await using var tx = await store.BeginWriteAsync(Ct);
                foreach (var address in batch)
                {
                    // What the decision writer does per report: read the active decision, then merge or create.
                    var now = Some.Start;
                    var report = Some.Report(address, at: now);
                    if (await tx.FindActiveDecisionAsync(address, Ct) is { } active)
                    {
                        await tx.UpdateDecisionAsync(active with { ReportCount = active.ReportCount + 1, LastSeen = now }, Ct);
                        await tx.InsertReportAsync(report, active.Id, OutcomeCodes.Merged, Ct);
                    }
                    else
                    {
                        var created = await tx.InsertDecisionAsync(Decision(address), Ct);
                        await tx.InsertReportAsync(report, created.Id, OutcomeCodes.Created, Ct);
                        await tx.EnqueueAsync(ChangeKind.Ban, created, now, null, Ct);
                    }
                }

                await tx.CommitAsync(Ct);
            }
        }
    }

    private static Decision Decision(BanAddress address) =>
        new(0, address, ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, Some.Start.AddHours(1), 1, DecisionState.Active);
}
