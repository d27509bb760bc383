using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Storage;
using FirewallGateway.Core.Tests.Dispatch;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Fleet;

/// <summary>What a folding target gets queued as its ranges form, grow and end, against the real SQLite outbox.</summary>
public sealed class QueuedFoldsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = DispatchStore.Clock();
    private readonly FoldingSetup _folding = new();
    private DispatchStore _store = null!;
    private QueuedFolds _folds = null!;
    private AddressFilter _filter = null!;

    public async Task InitializeAsync()
    {
        _store = await DispatchStore.OpenAsync(_time, "edge");
        _filter = _folding.Filter;
        _folds = new QueuedFolds(_store.Outbox, new OutboxSignal(_time), _filter, _folding.Folding());
    }

    public async Task DisposeAsync()
    {
        _folding.Dispose();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task QueueChanges_NewRange_RangeBanDueFirstThenUnbansOfItsMembers()
    {
        var members = Candidates("1.0.1", 8);

        await _folds.QueueChangesAsync("edge", Delivery(members), _time.GetUtcNow(), CancellationToken.None);

        var dueNow = Assert.Single(await TakeAsync(_time.GetUtcNow()));
        Assert.Equal((ChangeKind.Ban, BanAddress.Parse("1.0.1.0/24"), 0L, members.Max(m => m.Until)), (dueNow.Kind, dueNow.Address, dueNow.DecisionId, dueNow.ExpiresAt));
        var later = await TakeAsync(DateTimeOffset.MaxValue);
        Assert.Equal(members.Select(m => m.Decision.Address).Order(), later.Where(r => r.Kind == ChangeKind.Unban).Select(r => r.Address).Order());
    }

    [Fact]
    public async Task QueueChanges_SameRangeAgain_NothingUnlessItsLatestExpiryMovesOnByMoreThanAMinute()
    {
        var members = Candidates("1.0.1", 8);
        await _folds.QueueChangesAsync("edge", Delivery(members), _time.GetUtcNow(), CancellationToken.None);
        await ClearAsync();

        members[0] = (members[0].Decision, members.Max(m => m.Until).AddSeconds(30));
        await _folds.QueueChangesAsync("edge", Delivery(members), _time.GetUtcNow(), CancellationToken.None);
        Assert.Empty(await TakeAsync(DateTimeOffset.MaxValue));

        var extended = members.Max(m => m.Until).AddHours(2);
        members[1] = (members[1].Decision, extended);
        await _folds.QueueChangesAsync("edge", Delivery(members), _time.GetUtcNow(), CancellationToken.None);
        var renewed = Assert.Single(await TakeAsync(DateTimeOffset.MaxValue));
        Assert.Equal((ChangeKind.Ban, BanAddress.Parse("1.0.1.0/24"), extended), (renewed.Kind, renewed.Address, renewed.ExpiresAt));
    }

    [Fact]
    public async Task QueueChanges_MembersFallBelowThreshold_RemainingMembersBannedWithTheirDecisionsThenRangeUnbanned()
    {
        var members = Candidates("1.0.1", 8);
        await _folds.QueueChangesAsync("edge", Delivery(members), _time.GetUtcNow(), CancellationToken.None);
        await ClearAsync();

        var remaining = members.Take(7).ToList();
        await _folds.QueueChangesAsync("edge", Delivery(remaining), _time.GetUtcNow(), CancellationToken.None);

        var dueNow = await TakeAsync(_time.GetUtcNow());
        Assert.Equal(remaining.Select(m => (ChangeKind.Ban, m.Decision.Address, m.Decision.Id)).Order(), dueNow.Select(r => (r.Kind, r.Address, r.DecisionId)).Order());
        var rangeUnban = Assert.Single(await TakeAsync(DateTimeOffset.MaxValue), r => r.Kind == ChangeKind.Unban);
        Assert.Equal(BanAddress.Parse("1.0.1.0/24"), rangeUnban.Address);
    }

    [Fact]
    public async Task Stale_AllowListChangedAfterReset_TrueUntilQueuedAgain()
    {
        var delivery = Delivery(Candidates("1.0.1", 8));
        _folds.Reset("edge", delivery.Folds);
        Assert.False(_folds.Stale("edge"));

        _filter.ReplaceStoredEntries([new AllowListEntry(1, BanAddress.Parse("1.0.1.200"), "partner", true, null, "api", Some.Start)]);
        Assert.True(_folds.Stale("edge"));

        await _folds.QueueChangesAsync("edge", Delivery(Candidates("1.0.1", 8)), _time.GetUtcNow(), CancellationToken.None);
        Assert.False(_folds.Stale("edge"));
        var unban = Assert.Single(await TakeAsync(DateTimeOffset.MaxValue), r => r.Address == BanAddress.Parse("1.0.1.0/24"));
        Assert.Equal(ChangeKind.Unban, unban.Kind);
    }

    private TargetDelivery Delivery(IReadOnlyList<(Decision Decision, DateTimeOffset Until)> candidates)
    {
        var folding = _folding.Folding();
        var (entries, view) = folding.Fold("edge", candidates);
        var wanted = entries.ToDictionary(e => e.Decision.Address, e => e.Until);
        return new TargetDelivery("edge", wanted, false, string.Empty) { Folds = folding.Held("edge", view, entries, wanted) };
    }

    private List<(Decision Decision, DateTimeOffset Until)> Candidates(string network, int count) =>
        Enumerable.Range(1, count).Select(i =>
        {
            var until = _time.GetUtcNow().AddHours(i);
            return (new Decision(100 + i, BanAddress.Parse($"{network}.{i}"), ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, until, 1, DecisionState.Active), until);
        }).ToList();

    private async Task<IReadOnlyList<PendingChange>> TakeAsync(DateTimeOffset dueBy) =>
        await _store.Outbox.TakeDueAsync("edge", dueBy, 1000, CancellationToken.None);

    private async Task ClearAsync()
    {
        var rows = await TakeAsync(DateTimeOffset.MaxValue);
        await _store.Outbox.CompleteAsync("edge", rows.Select(r => new ChangeCompletion(r, true)).ToList(), _time.GetUtcNow(), CancellationToken.None);
    }
}
