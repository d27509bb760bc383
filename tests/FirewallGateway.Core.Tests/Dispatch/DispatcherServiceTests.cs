using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Core.Tests.Dispatch;

/// <summary>The whole dispatch loop on the real clock, with short intervals: workers, reconcile, expiry.</summary>
public sealed class DispatcherServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly DispatchOptions _options = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(200),
        ReconcileInterval = TimeSpan.FromSeconds(1),
        RenewWithin = TimeSpan.FromSeconds(2),
        RetryInitialDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        CallTimeout = TimeSpan.FromMilliseconds(500),
        ExpirySweepInterval = TimeSpan.FromMilliseconds(100),
    };

    private readonly OutboxSignal _signal = new(TimeProvider.System);
    private readonly List<IAsyncDisposable> _running = [];
    private DispatchStore _store = null!;

    public async Task InitializeAsync() => _store = await DispatchStore.OpenAsync(TimeProvider.System, "a", "b");

    public async Task DisposeAsync()
    {
        foreach (var running in _running)
        {
            await running.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    private Task StartAsync(params IFirewallAdapter[] targets) => StartAsync(_options, null, targets);

    private async Task StartAsync(DispatchOptions options, ITargetReconcileTrigger? reconcile, params IFirewallAdapter[] targets)
    {
        var dispatcher = new DispatcherService(
            targets, _store.Decisions, _store.Outbox, _store.Targets, _signal, new LocalTargetLeases(),
            Microsoft.Extensions.Options.Options.Create(options), _store.Metrics, TimeProvider.System, NullLoggerFactory.Instance, requests: reconcile);
        var sweeper = new ExpirySweeper(_store.Decisions, _signal, Microsoft.Extensions.Options.Options.Create(_options), TimeProvider.System, NullLogger<ExpirySweeper>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        await sweeper.StartAsync(CancellationToken.None);
        _running.Add(new Stopper(dispatcher, sweeper));
    }

    private async Task BanAsync(TimeSpan duration, params Core.Addresses.BanAddress[] addresses)
    {
        await _store.BanAsync(DateTimeOffset.UtcNow, duration, addresses);
        _signal.Notify(null);
    }

    [Fact]
    public async Task Dispatch_TargetDownWhileAThousandBansArrive_AllPresentOnceItIsBack()
    {
        var target = new InMemoryTarget("a", maxBatchSize: 200) { Down = true };
        await StartAsync(target);
        var addresses = Enumerable.Range(0, 1000).Select(_ => Some.PublicIPv4()).Distinct().ToArray();
        await BanAsync(TimeSpan.FromHours(1), addresses);
        await Eventually.WaitUntilAsync(
            async () => (await _store.Targets.ListTargetsAsync(CancellationToken.None)).Single(t => t.Name == "a").LastError is not null,
            Patience, "the failure to be recorded");
        Assert.Empty(target.Held);

        target.Down = false;

        await Eventually.WaitUntilAsync(() => Task.FromResult(target.Held.Count == addresses.Length), Patience, "every ban on the target");
        await Eventually.WaitUntilAsync(
            async () => await _store.Outbox.CountPendingAsync("a", CancellationToken.None) == 0, Patience, "the outbox to drain");
    }

    [Fact]
    public async Task Dispatch_OneTargetHangs_TheOtherStillGetsBansAtOnce()
    {
        var hung = new InMemoryTarget("a") { Hangs = true };
        var healthy = new InMemoryTarget("b");
        await StartAsync(hung, healthy);
        var address = Some.PublicIPv4();

        await BanAsync(TimeSpan.FromHours(1), address);

        await Eventually.WaitUntilAsync(() => Task.FromResult(healthy.Held.Contains(address)), TimeSpan.FromSeconds(2), "the ban on the healthy target");
        Assert.Empty(hung.Held);
    }

    [Fact]
    public async Task Dispatch_TargetFlushedByHand_RefilledWithinAReconcileInterval()
    {
        var target = new InMemoryTarget("a");
        await StartAsync(target);
        var addresses = Enumerable.Range(0, 50).Select(_ => Some.PublicIPv4()).Distinct().ToArray();
        await BanAsync(TimeSpan.FromHours(1), addresses);
        await Eventually.WaitUntilAsync(() => Task.FromResult(target.Held.Count == addresses.Length), Patience, "every ban");

        target.Flush();

        await Eventually.WaitUntilAsync(() => Task.FromResult(target.Held.Count == addresses.Length), TimeSpan.FromSeconds(5), "the refill");
    }

    [Fact]
    public async Task ReconcileNow_TargetLostItsEntries_RefilledWithoutWaitingForTheInterval()
    {
        // An hour between reconciles: only the request can explain a refill within seconds.
        var hourly = new DispatchOptions
        {
            PollInterval = _options.PollInterval,
            ReconcileInterval = TimeSpan.FromHours(1),
            RenewWithin = TimeSpan.FromHours(2),
            RetryInitialDelay = _options.RetryInitialDelay,
            RetryMaxDelay = _options.RetryMaxDelay,
            CallTimeout = _options.CallTimeout,
        };
        var reconcile = new ReconcileRequests(_signal);
        var target = new InMemoryTarget("a");
        await StartAsync(hourly, reconcile, target);
        var addresses = Enumerable.Range(0, 20).Select(_ => Some.PublicIPv4()).Distinct().ToArray();
        await BanAsync(TimeSpan.FromHours(1), addresses);
        await Eventually.WaitUntilAsync(() => Task.FromResult(target.Held.Count == addresses.Length), Patience, "every ban");

        target.Flush();
        _signal.Notify("a");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(target.Held);
        reconcile.ReconcileNow("a");

        await Eventually.WaitUntilAsync(() => Task.FromResult(target.Held.Count == addresses.Length), TimeSpan.FromSeconds(5), "the refill on request");
    }

    [Fact]
    public async Task Dispatch_EntryTheGatewayNoLongerWants_RemovedByReconcile()
    {
        var target = new InMemoryTarget("a");
        var leftover = Some.PublicIPv4();
        target.Put(new EnforcedEntry(leftover, null, 12345));

        await StartAsync(target);

        await Eventually.WaitUntilAsync(() => Task.FromResult(!target.Held.Contains(leftover)), Patience, "the stale entry to go");
    }

    [Fact]
    public async Task Dispatch_DecisionExpires_TheEntryIsRemovedFromEveryTarget()
    {
        var a = new InMemoryTarget("a");
        var b = new InMemoryTarget("b");
        await StartAsync(a, b);
        var address = Some.PublicIPv4();

        await BanAsync(TimeSpan.FromSeconds(1), address);
        await Eventually.WaitUntilAsync(() => Task.FromResult(a.Held.Contains(address) && b.Held.Contains(address)), Patience, "the ban");

        await Eventually.WaitUntilAsync(() => Task.FromResult(a.Held.Count == 0 && b.Held.Count == 0), Patience, "the unban after expiry");
        var states = await _store.Targets.ListEnforcementAsync(address, CancellationToken.None);
        Assert.All(states, s => Assert.Equal("removed", s.State));
    }

    private sealed class Stopper(DispatcherService dispatcher, ExpirySweeper sweeper) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await sweeper.StopAsync(CancellationToken.None);
            await dispatcher.StopAsync(CancellationToken.None);
            sweeper.Dispose();
            dispatcher.Dispose();
        }
    }
}
