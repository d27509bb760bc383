using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

/// <summary>The CrowdSec local API's storage: bouncers with their own cursors, machines, decisions as bouncers see them.</summary>
public abstract partial class StoreContractTests
{
    protected ICrowdSecStore CrowdSec => (ICrowdSecStore)_store!;

    [Fact]
    public async Task Bouncers_AddFindListRemove_NamesAndKeysUnique()
    {
        Assert.True(await CrowdSec.AddBouncerAsync("fw1", "hash-1", T0, Ct));
        Assert.False(await CrowdSec.AddBouncerAsync("fw1", "hash-2", T0, Ct));
        Assert.False(await CrowdSec.AddBouncerAsync("fw2", "hash-1", T0, Ct));

        Assert.Equal("fw1", await CrowdSec.FindBouncerByKeyHashAsync("hash-1", Ct));
        Assert.Null(await CrowdSec.FindBouncerByKeyHashAsync("hash-2", Ct));
        Assert.Equal([new BouncerStatus("fw1", T0, null, 0)], await CrowdSec.ListBouncersAsync(Ct));

        Assert.True(await CrowdSec.RemoveBouncerAsync("fw1", Ct));
        Assert.False(await CrowdSec.RemoveBouncerAsync("fw1", Ct));
        Assert.Empty(await CrowdSec.ListBouncersAsync(Ct));
    }

    [Fact]
    public async Task PullBouncerAsync_FullListFirst_ThenOnlyItsChanges_PendingCounted()
    {
        var first = await InsertCommittedAsync(NewDecision(NextIPv4()));
        await CrowdSec.AddBouncerAsync("a", "ha", T0, Ct);
        await CrowdSec.AddBouncerAsync("b", "hb", T0, Ct);
        Assert.Equal([1L, 1L], (await CrowdSec.ListBouncersAsync(Ct)).Select(b => b.Pending));

        var startup = await CrowdSec.PullBouncerAsync("a", startup: false, T0, Ct);
        Assert.Equal([first.Id], startup.New.Select(d => d.Id));
        Assert.Equal(ReportSource.Fail2ban, startup.New[0].Origin);
        Assert.Empty(startup.Deleted);

        var second = await InsertCommittedAsync(NewDecision(NextIPv6()));
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.UpdateDecisionAsync(first with { State = DecisionState.Removed }, Ct);
            await tx.CommitAsync(Ct);
        }

        var statuses = await CrowdSec.ListBouncersAsync(Ct);
        Assert.Equal(T0, statuses.Single(b => b.Name == "a").LastPullAt);
        Assert.Equal(2, statuses.Single(b => b.Name == "a").Pending);

        var changes = await CrowdSec.PullBouncerAsync("a", startup: false, T0.AddSeconds(1), Ct);
        Assert.Equal([second.Address], changes.New.Select(d => d.Address));
        Assert.Equal([first.Address], changes.Deleted.Select(d => d.Address));
        Assert.Empty((await CrowdSec.PullBouncerAsync("a", startup: false, T0, Ct)).New);

        // b's first pull is the full list now; a's pulls took nothing from it. startup=true starts a over.
        Assert.Equal([second.Id], (await CrowdSec.PullBouncerAsync("b", startup: false, T0, Ct)).New.Select(d => d.Id));
        Assert.Equal([second.Id], (await CrowdSec.PullBouncerAsync("a", startup: true, T0, Ct)).New.Select(d => d.Id));
        Assert.All(await CrowdSec.ListBouncersAsync(Ct), b => Assert.Equal(0, b.Pending));
    }

    [Fact]
    public async Task PullBouncerAsync_ActiveDecisionExtended_NextPullHasItInNewWithLaterExpiryAndInDeleted_ShorteningNotStreamed()
    {
        var decision = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromHours(1)));
        await CrowdSec.AddBouncerAsync("fw", "hf", T0, Ct);
        Assert.Equal([T0.AddHours(1)], (await CrowdSec.PullBouncerAsync("fw", startup: false, T0.AddSeconds(1), Ct)).New.Select(d => d.ExpiresAt));

        // A repeat report ten minutes later asks for four hours: the decision now ends at T0 + 4h10m.
        var later = T0.AddMinutes(10);
        await MergeRepeatReportAsync(decision, later, TimeSpan.FromHours(4));
        Assert.Equal(1, (await CrowdSec.ListBouncersAsync(Ct)).Single().Pending);

        var extended = await CrowdSec.PullBouncerAsync("fw", startup: false, later, Ct);
        var streamed = Assert.Single(extended.New);
        Assert.Equal((decision.Id, decision.Address, later.AddHours(4)), (streamed.Id, streamed.Address, streamed.ExpiresAt));
        Assert.Equal([decision.Id], extended.Deleted.Select(d => d.Id)); // so a bouncer holding the element re-adds it
        Assert.Empty((await CrowdSec.PullBouncerAsync("fw", startup: false, later, Ct)).New);

        // Any other writer that moves the expiry later (an operator re-lock) is streamed too; an earlier expiry is
        // not (the bouncer keeps the longer timeout until the decision's end is streamed as a deletion).
        var stored = (await Decisions.GetDecisionAsync(decision.Id, Ct))!;
        await UpdateCommittedAsync(stored with { ExpiresAt = T0.AddDays(1) });
        var relocked = await CrowdSec.PullBouncerAsync("fw", startup: false, later, Ct);
        Assert.Equal([T0.AddDays(1)], relocked.New.Select(d => d.ExpiresAt));
        Assert.Equal([decision.Id], relocked.Deleted.Select(d => d.Id));
        await UpdateCommittedAsync(stored with { ExpiresAt = T0.AddHours(2) });
        var shortened = await CrowdSec.PullBouncerAsync("fw", startup: false, later, Ct);
        Assert.Empty(shortened.New);
        Assert.Empty(shortened.Deleted);
        Assert.Equal(0, (await CrowdSec.ListBouncersAsync(Ct)).Single().Pending);
    }

    // The repeat report as each store's writer applies it: the server-side batch where the store has one
    // (PostgreSQL), else the row update ReportMerger makes through the write transaction (SQLite).
    private async Task MergeRepeatReportAsync(Decision decision, DateTimeOffset at, TimeSpan requested)
    {
        if (_store is IBatchMergeStore batch)
        {
            var rules = new BatchMergeRules(1.0, TimeSpan.FromDays(1), TimeSpan.FromDays(30), TimeSpan.FromMinutes(1));
            var item = new BatchMergeItem(Some.Report(decision.Address, at, duration: requested), null, EchoReporter: false, requested);
            var result = Assert.Single(await batch.MergeBatchAsync([item], rules, at, Ct));
            Assert.Equal(OutcomeCodes.Merged, result.Code);
            return;
        }

        await UpdateCommittedAsync(decision with { LastSeen = at, ExpiresAt = at + requested, ReportCount = decision.ReportCount + 1 });
    }

    private async Task UpdateCommittedAsync(Decision decision)
    {
        await using var tx = await Decisions.BeginWriteAsync(Ct);
        await tx.UpdateDecisionAsync(decision, Ct);
        await tx.CommitAsync(Ct);
    }

    [Fact]
    public async Task ActiveDecisionsAsync_ContainingOrInside()
    {
        var block = await InsertCommittedAsync(NewDecision(BanAddress.Parse("1.0.77.0/24")));
        var single = await InsertCommittedAsync(NewDecision(BanAddress.Parse("1.0.78.9")));

        Assert.Equal([block.Id], (await CrowdSec.ActiveDecisionsAsync(BanAddress.Parse("1.0.77.5"), contains: true, T0, Ct)).Select(d => d.Id));
        Assert.Empty(await CrowdSec.ActiveDecisionsAsync(BanAddress.Parse("1.0.79.5"), contains: true, T0, Ct));
        Assert.Equal(
            [block.Id, single.Id],
            (await CrowdSec.ActiveDecisionsAsync(BanAddress.Parse("1.0.0.0/16"), contains: false, T0, Ct)).Select(d => d.Id));
        Assert.Equal(2, (await CrowdSec.ActiveDecisionsAsync(null, contains: true, T0, Ct)).Count);
    }

    [Fact]
    public async Task Machines_UpsertFindListRemove_ContactRecorded()
    {
        await CrowdSec.UpsertMachineAsync("agent1", "hash-a", T0, Ct);
        await CrowdSec.UpsertMachineAsync("agent1", "hash-b", T0.AddHours(1), Ct);
        await CrowdSec.RecordMachineContactAsync("agent1", T0.AddMinutes(5), Ct);

        Assert.Equal(new MachineRecord("agent1", "hash-b", T0, T0.AddMinutes(5)), await CrowdSec.FindMachineAsync("agent1", Ct));
        Assert.Single(await CrowdSec.ListMachinesAsync(Ct));
        Assert.True(await CrowdSec.RemoveMachineAsync("agent1", Ct));
        Assert.Null(await CrowdSec.FindMachineAsync("agent1", Ct));
    }
}
