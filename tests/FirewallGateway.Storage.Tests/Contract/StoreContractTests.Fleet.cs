using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

/// <summary>The fleet features' storage: server registry rows, operator lock limits, change stream, report statistics.</summary>
public abstract partial class StoreContractTests
{
    protected IServerStore Servers => (IServerStore)_store!;

    protected IChangeFeed Feed => (IChangeFeed)_store!;

    [Fact]
    public async Task AddServerAsync_ThenUpdateAndRemove_RoundTripsEveryFieldAndRefusesTakenNames()
    {
        var web1 = new ServerRecord("web1", BanAddress.Parse("1.0.5.7"), "web1", 500, TimeSpan.FromHours(2), "group", "dmz", false, 42, T0);
        var mail = new ServerRecord("mail", BanAddress.Parse("2a00:1450::25"), "mail", null, null, "fleet", null, true, null, T0.AddSeconds(1));

        Assert.True(await Servers.AddServerAsync(web1, Ct));
        Assert.True(await Servers.AddServerAsync(mail, Ct));
        Assert.False(await Servers.AddServerAsync(web1 with { Address = BanAddress.Parse("1.0.5.8") }, Ct));

        Assert.Equal(web1, await Servers.GetServerAsync("web1", Ct));
        Assert.Equal([mail, web1], await Servers.ListServersAsync(Ct));

        var changed = web1 with { MaxAddresses = null, BanDuration = TimeSpan.FromMinutes(30), Scope = "fleet", Group = null, Active = true };
        Assert.True(await Servers.UpdateServerAsync(changed, Ct));
        Assert.False(await Servers.UpdateServerAsync(changed with { Name = "absent" }, Ct));
        Assert.Equal(changed, await Servers.GetServerAsync("web1", Ct));

        Assert.True(await Servers.RemoveServerAsync("web1", Ct));
        Assert.False(await Servers.RemoveServerAsync("web1", Ct));
        Assert.Null(await Servers.GetServerAsync("web1", Ct));
        Assert.Equal([mail], await Servers.ListServersAsync(Ct));
    }

    [Fact]
    public async Task LimitLockAsync_SomeDecisions_ListsOnlyThoseWithTheirTargets()
    {
        var limited = await InsertCommittedAsync(NewDecision(NextIPv4()));
        await InsertCommittedAsync(NewDecision(NextIPv4()));

        await Store.LimitLockAsync(limited.Id, ["edge", "core"], Ct);

        var limits = await Store.ListLockLimitsAsync(Ct);
        Assert.Equal([limited.Id], limits.Keys);
        Assert.Equal(["core", "edge"], limits[limited.Id].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PullAsync_TwoConsumers_SnapshotFirstThenEachSeesEveryChangeOnce()
    {
        var first = await InsertCommittedAsync(NewDecision(NextIPv4()));

        var a = await Feed.PullAsync("a", restart: false, 100, T0, Ct);
        Assert.True(a.Snapshot);
        Assert.Equal([first.Address], a.Changes.Select(c => c.Address));

        var second = await InsertCommittedAsync(NewDecision(NextIPv6()));
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.UpdateDecisionAsync(first with { State = DecisionState.Removed }, Ct);
            await tx.CommitAsync(Ct);
        }

        var b = await Feed.PullAsync("b", restart: false, 100, T0, Ct);
        Assert.True(b.Snapshot);
        Assert.Equal([second.Address], b.Changes.Select(c => c.Address));

        var aChanges = await Feed.PullAsync("a", restart: false, 100, T0, Ct);
        Assert.False(aChanges.Snapshot);
        Assert.Equal([("add", second.Address), ("remove", first.Address)], aChanges.Changes.Select(c => (c.Op, c.Address)));
        Assert.Empty((await Feed.PullAsync("a", restart: false, 100, T0, Ct)).Changes);
        Assert.Empty((await Feed.PullAsync("b", restart: false, 100, T0, Ct)).Changes);
        Assert.Equal(["a", "b"], (await Feed.ListConsumersAsync(Ct)).Select(c => c.Name));
    }

    [Fact]
    public async Task PullAsync_MoreChangesThanMax_ReturnsThemInOrderAcrossCalls()
    {
        await Feed.PullAsync("c", restart: false, 100, T0, Ct);
        var added = new List<BanAddress>();
        for (int i = 0; i < 5; i++)
        {
            added.Add((await InsertCommittedAsync(NewDecision(NextIPv4()))).Address);
        }

        var batch1 = await Feed.PullAsync("c", restart: false, 3, T0, Ct);
        var batch2 = await Feed.PullAsync("c", restart: false, 3, T0, Ct);

        Assert.True(batch1.More);
        Assert.False(batch2.More);
        Assert.Equal(added, batch1.Changes.Concat(batch2.Changes).Select(c => c.Address));
        Assert.True(batch2.Changes[0].Sequence > batch1.Changes[^1].Sequence);
    }

    [Fact]
    public async Task TopAttackersAsync_ReportsInPeriod_RankedByCountOperatorReportsLeftOut()
    {
        var busy = NextIPv4();
        var quiet = NextIPv4();
        var decision = await InsertCommittedAsync(NewDecision(busy));
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.InsertReportAsync(Some.Report(busy, T0, "web1"), decision.Id, OutcomeCodes.Created, Ct);
            await tx.InsertReportAsync(Some.Report(busy, T0.AddMinutes(1), "web2"), decision.Id, OutcomeCodes.Merged, Ct);
            await tx.InsertReportAsync(Some.Report(quiet, T0.AddMinutes(2), "web1"), null, OutcomeCodes.Created, Ct);
            await tx.InsertReportAsync(Some.Report(quiet, T0.AddDays(2), "web1"), null, OutcomeCodes.Created, Ct);
            await tx.InsertReportAsync(Some.Report(quiet, T0, "admin") with { Source = ReportSource.Operator }, null, OutcomeCodes.Created, Ct);
            await tx.CommitAsync(Ct);
        }

        var attackers = await Store.TopAttackersAsync(T0, T0.AddDays(1), 10, Ct);
        var hosts = await Store.TopReportingHostsAsync(T0, T0.AddDays(1), 10, Ct);

        Assert.Equal([new RankedCount(busy.ToString(), 2, 2), new RankedCount(quiet.ToString(), 1, 1)], attackers);
        Assert.Equal([new RankedCount("web1", 2, 2), new RankedCount("web2", 1, 1)], hosts);
        Assert.Equal(3, await Store.CountReportsAsync(T0, T0.AddDays(1), Ct));
    }
}
