using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Dispatch;

public sealed class ReconcilerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = DispatchStore.Clock();
    private DispatchStore _store = null!;

    public async Task InitializeAsync() => _store = await DispatchStore.OpenAsync(_time, "edge");

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Reconciler Reconciler() => new(_store.Decisions, _store.Outbox, _time, TimeSpan.FromMinutes(15));

    private async Task<IReadOnlyList<PendingChange>> QueuedAsync() =>
        await _store.Outbox.TakeDueAsync("edge", DateTimeOffset.MaxValue, 1000, CancellationToken.None);

    private async Task ClearOutboxAsync()
    {
        var rows = await QueuedAsync();
        await _store.Outbox.CompleteAsync("edge", rows.Select(r => new ChangeCompletion(r, true)).ToList(), _time.GetUtcNow(), CancellationToken.None);
    }

    [Fact]
    public async Task Reconcile_TargetLostItsEntries_QueuesEveryActiveDecision()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), TimeSpan.FromHours(1), Some.PublicIPv4(), Some.PublicIPv6());
        await ClearOutboxAsync();

        var result = await Reconciler().ReconcileAsync("edge", [], CancellationToken.None);

        Assert.Equal(new ReconcileResult(0, 2, 2, 0, 0), result);
        var queued = await QueuedAsync();
        Assert.Equal(decisions.Select(d => d.Address).Order(), queued.Select(q => q.Address).Order());
        Assert.All(queued, q => Assert.Equal(ChangeKind.Ban, q.Kind));
    }

    [Fact]
    public async Task Reconcile_TargetHoldsWhatNoDecisionWants_QueuesItsUnban()
    {
        var kept = (await _store.BanAsync(_time.GetUtcNow(), TimeSpan.FromHours(1), Some.PublicIPv4()))[0];
        await ClearOutboxAsync();
        var stale = Some.PublicIPv4();

        var result = await Reconciler().ReconcileAsync(
            "edge", [new EnforcedEntry(kept.Address, null, kept.Id), new EnforcedEntry(stale, null, 99)], CancellationToken.None);

        Assert.Equal(new ReconcileResult(2, 1, 0, 1, 0), result);
        var queued = Assert.Single(await QueuedAsync());
        Assert.Equal((ChangeKind.Unban, stale), (queued.Kind, queued.Address));
    }

    [Fact]
    public async Task Reconcile_EntryTimesOutOnTheTargetSoon_QueuesARenewal()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), TimeSpan.FromDays(30), Some.PublicIPv4(), Some.PublicIPv4());
        await ClearOutboxAsync();
        var now = _time.GetUtcNow();

        var result = await Reconciler().ReconcileAsync(
            "edge",
            [
                new EnforcedEntry(decisions[0].Address, now + TimeSpan.FromMinutes(5), decisions[0].Id), // lapses soon: renew
                new EnforcedEntry(decisions[1].Address, now + TimeSpan.FromDays(7), decisions[1].Id),    // lapses later: next time
            ],
            CancellationToken.None);

        Assert.Equal(1, result.Renewed);
        var queued = Assert.Single(await QueuedAsync());
        Assert.Equal((ChangeKind.Ban, decisions[0].Address, decisions[0].ExpiresAt), (queued.Kind, queued.Address, queued.ExpiresAt));
    }

    [Fact]
    public async Task Reconcile_TargetMatchesTheDecisions_QueuesNothing()
    {
        var decisions = await _store.BanAsync(_time.GetUtcNow(), TimeSpan.FromHours(1), Some.PublicIPv4());
        await ClearOutboxAsync();

        var result = await Reconciler().ReconcileAsync(
            "edge", [new EnforcedEntry(decisions[0].Address, decisions[0].ExpiresAt, decisions[0].Id)], CancellationToken.None);

        Assert.Equal(new ReconcileResult(1, 1, 0, 0, 0), result);
        Assert.Empty(await QueuedAsync());
    }
}
