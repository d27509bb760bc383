using FirewallGateway.Storage.Postgres.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>Target leases of two gateways (two stores, two application names) on one real PostgreSQL.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class TargetLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(200);
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private PostgresStore _storeA = null!;
    private PostgresStore _storeB = null!;

    public TargetLeaseTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync()
    {
        _storeA = new PostgresStore(_cluster.ConnectionString(_database, "lease-a"), TimeProvider.System);
        _storeB = new PostgresStore(_cluster.ConnectionString(_database, "lease-b"), TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnotherGateway_ReturnsNullUntilReleased()
    {
        var a = Leases(_storeA);
        var b = Leases(_storeB);

        var held = await a.TryAcquireAsync("edge", Ct);
        var refused = await b.TryAcquireAsync("edge", Ct);
        await using var other = await b.TryAcquireAsync("core", Ct);
        await held!.DisposeAsync();
        await using var taken = await b.TryAcquireAsync("edge", Ct);

        Assert.NotNull(held);
        Assert.Null(refused);
        Assert.NotNull(other);
        Assert.NotNull(taken);
        Assert.False(taken.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task TryAcquireAsync_HolderSessionTerminated_LostFiresAndTheOtherGatewayTakesOver()
    {
        var a = Leases(_storeA);
        var b = Leases(_storeB);
        await using var held = await a.TryAcquireAsync("edge", Ct);
        Assert.NotNull(held);
        Assert.Null(await b.TryAcquireAsync("edge", Ct));
        var lost = new TaskCompletionSource();
        using var registration = held.Lost.Register(lost.SetResult);

        // What the database sees when gateway A's process dies: its sessions end.
        Assert.Equal(1, await _cluster.TerminateSessionsAsync("lease-a"));

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await using var taken = await b.TryAcquireAsync("edge", Ct);
        Assert.NotNull(taken);
    }

    private static PostgresTargetLeases Leases(PostgresStore store) =>
        new(store.Sessions, Check, TimeProvider.System, NullLogger<PostgresTargetLeases>.Instance);
}
