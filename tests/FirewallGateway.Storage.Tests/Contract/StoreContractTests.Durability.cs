using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task MigrateAsync_RunAgainAndOnANewInstance_IsIdempotent()
    {
        await Store.MigrateAsync(Ct);
        await ReopenAsync();
        await Store.MigrateAsync(Ct);

        var applied = await Store.AppliedVersionsAsync(Ct);

        Assert.Equal(Enumerable.Range(1, Store.LatestSchemaVersion), applied);
    }

    [Fact]
    public async Task ReopenAsync_AfterCommit_EverythingIsStillThere()
    {
        await SyncTargetsAsync("edge");
        var address = NextIPv4();
        Decision decision;
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            decision = await tx.InsertDecisionAsync(NewDecision(address), Ct);
            await tx.InsertReportAsync(Some.Report(address), decision.Id, OutcomeCodes.Created, Ct);
            await tx.EnqueueAsync(ChangeKind.Ban, decision, T0, null, Ct);
            await tx.CommitAsync(Ct);
        }

        await AllowList.AddAllowListEntryAsync(new AllowListEntry(0, BanAddress.Parse("1.0.5.0/24"), "lab", true, null, "operator", T0), Ct);
        await Credentials.UpsertCredentialAsync(new Credential("web1", "reporter", "h", true, T0), Ct);

        await ReopenAsync();

        Assert.Equal(decision, await Decisions.GetDecisionAsync(decision.Id, Ct));
        Assert.Single(await Decisions.ListReportsAsync(address, 10, Ct));
        Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        Assert.Single(await AllowList.ListAllowListAsync(Ct));
        Assert.NotNull(await Credentials.FindCredentialAsync("web1", Ct));
        Assert.Equal("edge", Assert.Single(await Targets.ListTargetsAsync(Ct)).Name);
    }

    [Fact]
    public async Task ReopenAsync_AfterUncommittedTransaction_NothingOfItIsThere()
    {
        var address = NextIPv4();
        var tx = await Decisions.BeginWriteAsync(Ct);
        await tx.InsertDecisionAsync(NewDecision(address), Ct);
        await tx.DisposeAsync();

        await ReopenAsync();

        Assert.Equal(0, await Decisions.CountActiveDecisionsAsync(Ct));
    }

    [Theory]
    [InlineData("1.0.0.1")]
    [InlineData("1.0.0.0/24")]
    [InlineData("1.0.0.0/8")]
    [InlineData("2a00:1450::1")]
    [InlineData("2a00:1450:4001::/48")]
    [InlineData("::ffff:1.0.0.9")]
    public async Task AddressesAndBlocks_RoundTripThroughEveryTable(string text)
    {
        var address = BanAddress.Parse(text);
        await SyncTargetsAsync("edge");
        Decision decision;
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            decision = await tx.InsertDecisionAsync(NewDecision(address), Ct);
            await tx.InsertReportAsync(Some.Report(address), decision.Id, OutcomeCodes.Created, Ct);
            await tx.EnqueueAsync(ChangeKind.Ban, decision, T0, null, Ct);
            await tx.CommitAsync(Ct);
        }

        await AllowList.AddAllowListEntryAsync(new AllowListEntry(0, address, "x", true, null, "operator", T0), Ct);

        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            Assert.Equal(address, (await tx.FindActiveDecisionAsync(BanAddress.Parse(address.ToString()), Ct))!.Address);
        }

        Assert.Equal(address, (await Decisions.GetDecisionAsync(decision.Id, Ct))!.Address);
        Assert.Equal(address, Assert.Single(await Decisions.ListReportsAsync(address, 1, Ct)).Report.Address);
        Assert.Equal(address, Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct)).Address);
        Assert.Equal(address, Assert.Single(await AllowList.ListAllowListAsync(Ct)).Address);
        Assert.Equal(address, Assert.Single(await Decisions.ListDecisionsAsync(new DecisionQuery(Address: address), Ct)).Address);
    }

    [Fact]
    public async Task Reads_WhileAWriteTransactionIsOpen_DoNotWaitAndSeeOnlyCommittedData()
    {
        await SyncTargetsAsync("edge");
        var committed = await InsertCommittedAsync(NewDecision(NextIPv4()), ChangeKind.Ban);
        await using var tx = await Decisions.BeginWriteAsync(Ct);
        var uncommitted = await tx.InsertDecisionAsync(NewDecision(NextIPv4()), Ct);
        await tx.EnqueueAsync(ChangeKind.Ban, uncommitted, T0, null, Ct);

        // Every read path, while the writer holds its transaction open; each must finish on its own.
        var reads = Task.WhenAll(
            Decisions.ListDecisionsAsync(new DecisionQuery(), Ct).AsTask(),
            Targets.ListEnforcementAsync(committed.Address, Ct).AsTask(),
            Outbox.TakeDueAsync("edge", T0, 10, Ct).AsTask(),
            Targets.ListTargetsAsync(Ct).AsTask(),
            Decisions.CountActiveDecisionsAsync(Ct).AsTask());
        var finished = await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(5), Ct));

        Assert.Same(reads, finished);
        Assert.Equal([committed.Id], (await Decisions.ListDecisionsAsync(new DecisionQuery(), Ct)).Select(d => d.Id));
        Assert.Equal([committed.Address], (await Outbox.TakeDueAsync("edge", T0, 10, Ct)).Select(r => r.Address));
        Assert.Equal(EnforcementStates.Pending, Assert.Single(await Targets.ListEnforcementAsync(committed.Address, Ct)).State);
    }
}
