using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Tests.Contract;

/// <summary>
/// Pruning of the decision change log: it stays bounded, consumers that keep pulling still get every change
/// exactly, and a consumer whose cursor fell behind the pruned rows is re-synced rather than handed a gap.
/// </summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    protected IChangeLogPruning ChangeLog => (IChangeLogPruning)_store!;

    [Fact]
    public async Task PruneChangeLogAsync_FiveHoursOfChanges_LogStaysBounded_PullingConsumersStayExact()
    {
        await CrowdSec.AddBouncerAsync("fw", "hf", T0, Ct);
        var bouncerHolds = new HashSet<string>(StringComparer.Ordinal);
        var fleetHolds = new HashSet<string>(StringComparer.Ordinal);
        var live = new Queue<Decision>();
        long pruned = 0;
        for (int step = 0; step < 30; step++)
        {
            var now = T0 + (Step * step);
            for (int i = 0; i < 3; i++)
            {
                live.Enqueue(await InsertCommittedAsync(NewDecision(NextIPv4(), now, TimeSpan.FromDays(1))));
            }

            await UpdateCommittedAsync(live.Dequeue() with { State = DecisionState.Removed });

            Apply(bouncerHolds, await CrowdSec.PullBouncerAsync("fw", startup: false, now, Ct));
            var batch = await Feed.PullAsync("fleet-node", restart: false, 100_000, now, Ct);
            Assert.Equal(step == 0, batch.Snapshot);
            Apply(fleetHolds, batch);

            var result = await ChangeLog.PruneChangeLogAsync(now, Retention, Ct);
            pruned += result.Deleted;

            // Four rows a step; kept: the window (six steps), the step the marks lag by, and this one.
            Assert.InRange(result.Remaining, 1, 4 * 8);
            var active = (await CrowdSec.ActiveDecisionsAsync(null, contains: true, now, Ct)).Select(d => d.Address.ToString()).ToHashSet();
            Assert.Equal(active.Order(), bouncerHolds.Order());
            Assert.Equal(active.Order(), fleetHolds.Order());
        }

        Assert.True(pruned >= 4 * 20, $"only {pruned} rows pruned");
        Assert.Equal(0, (await CrowdSec.ListBouncersAsync(Ct)).Single().Pending);
    }

    [Fact]
    public async Task PullBouncerAsync_CursorBehindPrunedRows_ResyncsActiveInNewEndedAndExtendedInDeleted_ThenExactAgain()
    {
        var lifted = await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromDays(1)));
        var kept = await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromDays(1)));
        var extended = await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromHours(3)));
        await CrowdSec.AddBouncerAsync("stale", "hs", T0, Ct);
        await CrowdSec.AddBouncerAsync("steady", "ht", T0, Ct);
        var staleHolds = new HashSet<string>(StringComparer.Ordinal);
        var steadyHolds = new HashSet<string>(StringComparer.Ordinal);
        Apply(staleHolds, await CrowdSec.PullBouncerAsync("stale", startup: true, T0.AddSeconds(1), Ct));
        Apply(steadyHolds, await CrowdSec.PullBouncerAsync("steady", startup: true, T0.AddSeconds(1), Ct));
        await ChangeLog.PruneChangeLogAsync(T0, Retention, Ct);

        // While "stale" does not pull for three hours: one decision lifted, one extended, one added, one added and lifted.
        var later = T0.AddMinutes(30);
        await UpdateCommittedAsync(lifted with { State = DecisionState.Removed });
        await MergeRepeatReportAsync(extended, later, TimeSpan.FromHours(6));
        var added = await InsertCommittedAsync(NewDecision(NextIPv4(), later, TimeSpan.FromDays(1)));
        var brief = await InsertCommittedAsync(NewDecision(NextIPv4(), later, TimeSpan.FromDays(1)));
        await UpdateCommittedAsync(brief with { State = DecisionState.Removed });
        for (var at = later; at <= T0.AddHours(3); at += Step)
        {
            Apply(steadyHolds, await CrowdSec.PullBouncerAsync("steady", startup: false, at, Ct));
            await ChangeLog.PruneChangeLogAsync(at, Retention, Ct);
        }

        Assert.Equal(3, (await CrowdSec.ListBouncersAsync(Ct)).Single(b => b.Name == "stale").Pending); // a re-sync waits: every active decision

        var now = T0.AddHours(3).AddMinutes(1);
        var resync = await CrowdSec.PullBouncerAsync("stale", startup: false, now, Ct);
        Assert.Equal([kept.Id, extended.Id, added.Id], resync.New.Select(d => d.Id).Order());
        Assert.Contains(lifted.Address, resync.Deleted.Select(d => d.Address));
        Assert.Contains(extended.Address, resync.Deleted.Select(d => d.Address)); // dropped and re-added with the longer timeout
        Assert.DoesNotContain(kept.Address, resync.Deleted.Select(d => d.Address));
        Assert.Equal(later.AddHours(6), resync.New.Single(d => d.Id == extended.Id).ExpiresAt);
        Apply(staleHolds, resync);
        var active = (await CrowdSec.ActiveDecisionsAsync(null, contains: true, now, Ct)).Select(d => d.Address.ToString()).Order().ToList();
        Assert.Equal(active, staleHolds.Order());
        Assert.Equal(active, steadyHolds.Order());

        // Caught up: the next pull is exact changes again, for both.
        var next = await InsertCommittedAsync(NewDecision(NextIPv4(), now, TimeSpan.FromDays(1)));
        foreach (string bouncer in new[] { "stale", "steady" })
        {
            var changes = await CrowdSec.PullBouncerAsync(bouncer, startup: false, now.AddSeconds(10), Ct);
            Assert.Equal([next.Id], changes.New.Select(d => d.Id));
            Assert.Empty(changes.Deleted);
        }
    }

    [Fact]
    public async Task PullAsync_FleetConsumerBehindPrunedRows_GetsASnapshot_OneWithinTheWindowGetsChanges()
    {
        var first = await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromDays(1)));
        Assert.True((await Feed.PullAsync("stale", restart: false, 100, T0, Ct)).Snapshot);
        await ChangeLog.PruneChangeLogAsync(T0, Retention, Ct);

        await UpdateCommittedAsync(first with { State = DecisionState.Removed });
        var second = await InsertCommittedAsync(NewDecision(NextIPv4(), T0.AddMinutes(5), TimeSpan.FromDays(1)));
        Assert.True((await Feed.PullAsync("recent", restart: false, 100, T0.AddMinutes(5), Ct)).Snapshot);
        var third = await InsertCommittedAsync(NewDecision(NextIPv4(), T0.AddMinutes(10), TimeSpan.FromDays(1)));
        await ChangeLog.PruneChangeLogAsync(T0.AddMinutes(10), Retention, Ct);
        var result = await ChangeLog.PruneChangeLogAsync(T0.AddHours(2), Retention, Ct);
        Assert.True(result.Deleted >= 2, $"{result.Deleted} rows pruned");

        var stale = await Feed.PullAsync("stale", restart: false, 100, T0.AddHours(2), Ct);
        Assert.True(stale.Snapshot);
        Assert.Equal([second.Address, third.Address], stale.Changes.Select(c => c.Address));

        // "recent" pulled after the newest mark older than the window: nothing after its cursor was pruned.
        var recent = await Feed.PullAsync("recent", restart: false, 100, T0.AddHours(2), Ct);
        Assert.False(recent.Snapshot);
        Assert.Equal([("add", third.Address)], recent.Changes.Select(c => (c.Op, c.Address)));
    }

    [Fact]
    public async Task PruneChangeLogAsync_NewestRowKept_SoASnapshotAfterPruningEverythingIsNotResyncedAgain()
    {
        await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromDays(1)));
        await InsertCommittedAsync(NewDecision(NextIPv4(), T0, TimeSpan.FromDays(1)));
        await ChangeLog.PruneChangeLogAsync(T0, Retention, Ct);
        var result = await ChangeLog.PruneChangeLogAsync(T0.AddHours(2), Retention, Ct);
        Assert.Equal((1L, 1L), (result.Deleted, result.Remaining));

        await CrowdSec.AddBouncerAsync("fw", "hf", T0, Ct);
        Assert.Equal(2, (await CrowdSec.PullBouncerAsync("fw", startup: true, T0.AddHours(2), Ct)).New.Count);
        var quiet = await CrowdSec.PullBouncerAsync("fw", startup: false, T0.AddHours(2).AddSeconds(10), Ct);
        Assert.Empty(quiet.New);
        Assert.Empty(quiet.Deleted);
        Assert.Equal(0, (await CrowdSec.ListBouncersAsync(Ct)).Single().Pending);
        Assert.True((await Feed.PullAsync("node", restart: false, 100, T0.AddHours(2), Ct)).Snapshot);
        var next = await Feed.PullAsync("node", restart: false, 100, T0.AddHours(2).AddSeconds(10), Ct);
        Assert.False(next.Snapshot);
        Assert.Empty(next.Changes);
        Assert.Equal(result.PrunedThrough + 1, next.Cursor); // the kept row is the newest change
    }

    // What a bouncer holds after applying an answer: deletions first, then additions (as the firewall bouncer commits).
    private static void Apply(HashSet<string> holds, BouncerFeed feed)
    {
        holds.ExceptWith(feed.Deleted.Select(d => d.Address.ToString()));
        holds.UnionWith(feed.New.Select(d => d.Address.ToString()));
    }

    private static void Apply(HashSet<string> holds, StreamBatch batch)
    {
        if (batch.Snapshot)
        {
            holds.Clear();
        }

        foreach (var change in batch.Changes)
        {
            if (change.Op == "add")
            {
                holds.Add(change.Address.ToString());
            }
            else
            {
                holds.Remove(change.Address.ToString());
            }
        }
    }
}
