using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Npgsql;

namespace FirewallGateway.Storage.Postgres.Tests.Merge;

/// <summary>
/// Two gateways' stores running the server-side batch merge at once: disjoint addresses never wait for each
/// other, shared addresses queue per address, merge into one decision each and never deadlock.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class BatchLockingTests : IAsyncLifetime
{
    private static readonly BatchMergeRules Rules = new(2.0, TimeSpan.FromDays(30), TimeSpan.FromDays(30), TimeSpan.FromMinutes(1));
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    public BatchLockingTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _a = new PostgresStore(_cluster.ConnectionString(_database, "issue20-a"), TimeProvider.System);
        _b = new PostgresStore(_cluster.ConnectionString(_database, "issue20-b"), TimeProvider.System);
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
    public async Task MergeBatchAsync_TwoGatewaysHammerOneAddressSet_NoDeadlockOneDecisionPerAddressEveryReportCounted()
    {
        const int writersPerGateway = 3;
        const int batchesPerWriter = 25;
        const int batchSize = 60;
        var addresses = Enumerable.Range(1, 40).Select(i => BanAddress.Parse($"1.20.0.{i}")).ToList();

        // Each writer sends batches of random addresses from the one set (repeats inside a batch too), so every
        // pair of concurrent batches shares addresses in different orders: the classic deadlock shape.
        var writers = Enumerable.Range(0, 2 * writersPerGateway).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? _a : _b;
            var random = new Random(w);
            for (int b = 0; b < batchesPerWriter; b++)
            {
                var batch = Enumerable.Range(0, batchSize).Select(_ => Item(addresses[random.Next(addresses.Count)])).ToList();
                var results = await store.MergeBatchAsync(batch, Rules, Some.Start, Ct);
                Assert.All(results, r => Assert.Contains(r.Code, new[] { OutcomeCodes.Created, OutcomeCodes.Merged }));
            }
        }));
        await Task.WhenAll(writers);

        int total = 2 * writersPerGateway * batchesPerWriter * batchSize;
        var decisions = await _a.ListDecisionsAsync(new DecisionQuery(State: null, Limit: 1000), Ct);
        Assert.Equal(addresses.Count, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(DecisionState.Active, d.State));
        Assert.Equal(total, decisions.Sum(d => d.ReportCount));
        int reports = 0;
        foreach (var decision in decisions)
        {
            var stored = await _b.ListReportsAsync(decision.Address, 10_000, Ct);
            Assert.Equal(decision.ReportCount, stored.Count);
            Assert.Equal(1, stored.Count(r => r.Outcome == OutcomeCodes.Created));
            reports += stored.Count;
        }

        Assert.Equal(total, reports);
        Assert.Equal(addresses.Count, await _b.CountPendingAsync("edge", Ct));
        Assert.Equal(addresses.Count, await _b.CountPendingAsync("core", Ct));
        var changes = await _a.PullAsync("locking", restart: false, 1000, Some.Start, Ct);
        Assert.Equal(addresses.Count, changes.Changes.Count);
    }

    [Fact]
    public async Task MergeBatchAsync_OtherGatewayHoldsDifferentAddresses_DoesNotWait_SameAddressWaitsThenMerges()
    {
        var held = BanAddress.Parse("1.20.1.1");
        var other = BanAddress.Parse("1.20.1.2");

        // Gateway A's batch (a merge: creations also hold the change-log lock, but only from their last statement
        // to their commit) is applied inside a transaction left open: it holds its address lock and the shared lock.
        await _a.MergeBatchAsync([Item(held)], Rules, Some.Start, Ct);
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(_database, "issue20-open"));
        await connection.OpenAsync(Ct);
        await using var open = await connection.BeginTransactionAsync(Ct);
        await PostgresBatchMerge.RunAsync(connection, [Item(held)], Rules, Some.Start, Ct);

        // Gateway B, different address: done while A's transaction is still open.
        var disjoint = await _b.MergeBatchAsync([Item(other)], Rules, Some.Start, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(OutcomeCodes.Created, Assert.Single(disjoint).Code);

        // Gateway B, A's address among others: waits for A's address lock...
        var shared = _b.MergeBatchAsync([Item(BanAddress.Parse("1.20.1.3")), Item(held)], Rules, Some.Start, Ct).AsTask();
        await Eventually.WaitUntilAsync(
            async () => await _cluster.CountWaitingAdvisoryLocksAsync() > 0, TimeSpan.FromSeconds(20), "the second batch to wait for the address lock");
        Assert.False(shared.IsCompleted);

        // ...and merges into A's decision once A commits.
        await open.CommitAsync(Ct);
        var merged = await shared.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(OutcomeCodes.Merged, merged[1].Code);
        Assert.Equal(3, merged[1].Decision!.ReportCount);
    }

    private static BatchMergeItem Item(BanAddress address) =>
        new(Some.Report(address), null, EchoReporter: false, TimeSpan.FromHours(1));
}
