using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.Storage.Tests.Contract;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Postgres.Tests.Contract;

/// <summary>The store contract (the same source the SQLite store passes) against a real PostgreSQL, a fresh database per test.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly PostgresCluster _cluster;
    private readonly string _database;

    public PostgresStoreContractTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private protected override RelationalStore OpenStore() =>
        new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);

    protected override Task DeleteDatabaseAsync() => _cluster.DropDatabaseAsync(_database);

    [Fact]
    public async Task BeginWriteAsync_WriterOfAnotherGateway_WaitsUntilTheFirstFinishes()
    {
        await using var other = await OpenMigratedAsync();
        var first = await Decisions.BeginWriteAsync(Ct);
        var second = ((Core.Storage.IDecisionStore)other).BeginWriteAsync(Ct).AsTask();

        // The other gateway's writer must still be waiting after the first has done real work.
        await first.InsertDecisionAsync(NewDecision(NextIPv4()), Ct);
        await Eventually.WaitUntilAsync(
            async () => await _cluster.CountWaitingAdvisoryLocksAsync() > 0, TimeSpan.FromSeconds(10), "the second writer to wait for the write lock");
        bool waitedWhileFirstOpen = !second.IsCompleted;
        await first.CommitAsync(Ct);
        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(waitedWhileFirstOpen, "a second gateway's writer got a transaction while the first was open");
        Assert.Equal(1, await Decisions.CountActiveDecisionsAsync(Ct));
    }
}
