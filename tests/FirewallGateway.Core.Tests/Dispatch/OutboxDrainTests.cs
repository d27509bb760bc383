using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Dispatch;

public sealed class OutboxDrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly FakeTimeProvider _time = DispatchStore.Clock();
    private readonly InMemoryTarget _target = new("edge", maxBatchSize: 100);
    private DispatchStore _store = null!;

    public async Task InitializeAsync() => _store = await DispatchStore.OpenAsync(_time, "edge");

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private OutboxDrain Drain(int takeMax = 1000, TimeSpan? callTimeout = null) => new(
        _store.Outbox, _store.Targets, new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), () => 0.5),
        _store.Metrics, _time, takeMax, callTimeout ?? TimeSpan.FromSeconds(30));

    [Fact]
    public async Task DrainOnce_TargetConfirms_RowsLeaveTheOutboxAndTheTargetHoldsThem()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4(), Some.PublicIPv6());

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(new DrainResult(2, 2, 0, null), result);
        Assert.Equal(0, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
        Assert.All(decisions, d => Assert.Equal(d.Id, _target.Entry(d.Address)?.DecisionId));
        var state = Assert.Single(await _store.Targets.ListEnforcementAsync(decisions[0].Address, CancellationToken.None));
        Assert.Equal("applied", state.State);
    }

    [Fact]
    public async Task DrainOnce_TargetDown_KeepsEveryRowWithTheErrorAndABackoff()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4(), Some.PublicIPv4());
        _target.Down = true;

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(2, result.Failed);
        Assert.Contains("refused", result.TransportError, StringComparison.Ordinal);
        Assert.Equal(2, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), await _store.Outbox.NextDueAsync("edge", CancellationToken.None));
        var state = Assert.Single(await _store.Targets.ListEnforcementAsync(decisions[0].Address, CancellationToken.None));
        Assert.Equal("failed", state.State);
        Assert.Contains("refused", state.Error, StringComparison.Ordinal);
        var target = Assert.Single(await _store.Targets.ListTargetsAsync(CancellationToken.None));
        Assert.Contains("refused", target.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainOnce_RepeatedFailures_BackOffExponentially()
    {
        await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4());
        _target.Down = true;
        var drain = Drain();

        var delays = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            var due = await _store.Outbox.NextDueAsync("edge", CancellationToken.None);
            _time.SetUtcNow(due!.Value);
            await drain.DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);
            delays.Add((await _store.Outbox.NextDueAsync("edge", CancellationToken.None))!.Value - _time.GetUtcNow());
        }

        Assert.Equal([1, 2, 4, 8], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public async Task DrainOnce_OneItemRefused_TheOthersAreConfirmedAndOnlyItStays()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4(), Some.PublicIPv4(), Some.PublicIPv4());
        _target.Refused[decisions[1].Address] = true;

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal((2, 1, (string?)null), (result.Confirmed, result.Failed, result.TransportError));
        var left = await _store.Outbox.TakeDueAsync("edge", DateTimeOffset.MaxValue, 10, CancellationToken.None);
        Assert.Equal(decisions[1].Address, Assert.Single(left).Address);
        Assert.Equal("refused: bad value", left[0].LastError);
    }

    [Fact]
    public async Task DrainOnce_EntryAlreadyOnTheTarget_CountsAsConfirmed()
    {
        var decision = (await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4()))[0];
        _target.Put(new(decision.Address, null, decision.Id));

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, result.Confirmed);
        Assert.Equal(0, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
    }

    [Fact]
    public async Task DrainOnce_MoreRowsThanTheAdapterTakes_SplitsIntoAdapterSizedCalls()
    {
        await _store.BanAsync(_time.GetUtcNow(), Day, Enumerable.Range(0, 250).Select(_ => Some.PublicIPv4()).ToArray());

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(250, result.Confirmed);
        Assert.Equal(3, _target.BanCalls);
        Assert.Equal(250, _target.Held.Count);
    }

    [Fact]
    public async Task DrainOnce_TakeLimit_LeavesTheRestForTheNextRound()
    {
        await _store.BanAsync(_time.GetUtcNow(), Day, Enumerable.Range(0, 30).Select(_ => Some.PublicIPv4()).ToArray());

        var smallBatches = new InMemoryTarget("edge", maxBatchSize: 5);

        var first = await Drain(takeMax: 20).DrainOnceAsync(smallBatches, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(20, first.Taken);
        Assert.Equal(4, smallBatches.BanCalls);
        Assert.Equal(10, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
    }

    [Fact]
    public async Task DrainOnce_AdapterBatchLargerThanTakeLimit_TakesOneFullAdapterBatch()
    {
        await _store.BanAsync(_time.GetUtcNow(), Day, Enumerable.Range(0, 30).Select(_ => Some.PublicIPv4()).ToArray());
        var drain = Drain(takeMax: 20);
        var bigBatches = new InMemoryTarget("edge", maxBatchSize: 25);

        var first = await drain.DrainOnceAsync(bigBatches, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(25, drain.TakeFor(bigBatches));
        Assert.Equal(25, first.Taken);
        Assert.Equal(1, bigBatches.BanCalls);
        Assert.Equal(5, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
    }

    [Fact]
    public async Task DrainOnce_TargetStopsAnswering_TimesOutAndKeepsTheRows()
    {
        await _store.BanAsync(_time.GetUtcNow(), Day, Some.PublicIPv4());
        _target.Hangs = true;

        var drain = Drain(callTimeout: TimeSpan.FromSeconds(10)).DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => Task.FromResult(_target.BanCalls == 1), TimeSpan.FromSeconds(5), "the ban call");
        _time.Advance(TimeSpan.FromSeconds(10));
        var result = await drain.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("no answer within 10 s", result.TransportError);
        Assert.Equal(1, await _store.Outbox.CountPendingAsync("edge", CancellationToken.None));
    }

    [Fact]
    public async Task DrainOnce_NothingDue_DoesNotCallTheTarget()
    {
        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(default, result);
        Assert.Equal(0, _target.BanCalls + _target.UnbanCalls);
    }

    [Fact]
    public async Task DrainOnce_UnbanQueued_RemovesTheEntry()
    {
        var address = Some.PublicIPv4();
        _target.Put(new(address, null, 7));
        await _store.Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Unban, address, 7, _time.GetUtcNow())], _time.GetUtcNow(), CancellationToken.None);

        var result = await Drain().DrainOnceAsync(_target, _time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, result.Confirmed);
        Assert.Empty(_target.Held);
    }
}
