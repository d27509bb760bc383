using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>A change queued through one gateway's store wakes the other gateway's worker through LISTEN/NOTIFY.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class OutboxNotifyTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly RecordingSignal _signal = new();
    private PostgresStore _writer = null!;
    private PostgresStore _listenerStore = null!;
    private PostgresOutboxListener _listener = null!;
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutboxNotifyTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _writer = new PostgresStore(_cluster.ConnectionString(_database, "notify-writer"), TimeProvider.System);
        await _writer.MigrateAsync(Ct);
        await _writer.SyncTargetsAsync([("edge", "nftables"), ("core", "routeros")], Ct);
        _listenerStore = new PostgresStore(_cluster.ConnectionString(_database, "notify-listener"), TimeProvider.System);
        _listener = new PostgresOutboxListener(_listenerStore.Sessions, _signal, null, TimeProvider.System, NullLogger<PostgresOutboxListener>.Instance);
        _listener.Listening += () => _listening.TrySetResult();
        await _listener.StartAsync(Ct);
        await _listening.Task.WaitAsync(Ct);
        _signal.Clear();
    }

    public async Task DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        _listener.Dispose();
        await _writer.DisposeAsync();
        await _listenerStore.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task EnqueueAsync_OnAnotherGateway_WakesTheListenersWorkerForThatTarget()
    {
        var woken = _signal.WaitForAsync("core", Ct);

        await _writer.EnqueueAsync("core", [new OutboxItem(ChangeKind.Ban, Some.PublicIPv4(), 1, Some.Start.AddHours(1))], Some.Start, Ct);

        await woken.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task Listener_SessionTerminated_WakesEveryWorkerAndListensAgain()
    {
        _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var everyone = _signal.WaitForAsync("*", Ct);

        Assert.Equal(1, await _cluster.TerminateSessionsAsync("notify-listener"));
        await everyone.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await _listening.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var woken = _signal.WaitForAsync("edge", Ct);
        await _writer.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, Some.PublicIPv4(), 1, Some.Start.AddHours(1))], Some.Start, Ct);

        await woken.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
