using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Dispatch;

/// <summary>A real SQLite store in a temporary folder, with the targets synced and helpers to write decisions.</summary>
internal sealed class DispatchStore : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fwgw-dispatch-").FullName;
    private readonly ServiceProvider _services;

    private DispatchStore(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddMetrics();
        services.AddSqliteStore(Path.Combine(_folder, "gateway.db"));
        _services = services.BuildServiceProvider();
        Metrics = new DispatchMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public IDecisionStore Decisions => _services.GetRequiredService<IDecisionStore>();

    public IDispatchOutbox Outbox => _services.GetRequiredService<IDispatchOutbox>();

    public ITargetStore Targets => _services.GetRequiredService<ITargetStore>();

    public DispatchMetrics Metrics { get; }

    public static async Task<DispatchStore> OpenAsync(TimeProvider time, params string[] targets)
    {
        var store = new DispatchStore(time);
        await store._services.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
        await store.Targets.SyncTargetsAsync(targets.Select(t => (t, "memory")).ToList(), CancellationToken.None);
        return store;
    }

    /// <summary>Writes active decisions and queues their bans for every target, as the decision writer does.</summary>
    public async Task<IReadOnlyList<Decision>> BanAsync(DateTimeOffset now, TimeSpan duration, params BanAddress[] addresses)
    {
        var written = new List<Decision>();
        await using var tx = await Decisions.BeginWriteAsync(CancellationToken.None);
        foreach (var address in addresses)
        {
            var decision = await tx.InsertDecisionAsync(
                new Decision(0, address, ReportSource.Operator, "test", now, now, now + duration, 1, DecisionState.Active), CancellationToken.None);
            await tx.EnqueueAsync(ChangeKind.Ban, decision, now, null, CancellationToken.None);
            written.Add(decision);
        }

        await tx.CommitAsync(CancellationToken.None);
        return written;
    }

    public static FakeTimeProvider Clock() => new(TestSupport.Some.Start);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
