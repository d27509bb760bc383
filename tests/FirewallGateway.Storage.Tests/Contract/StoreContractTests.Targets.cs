using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task SyncTargetsAsync_ConfigurationChanges_AddUpdateAndDisableKeepingOutboxRows()
    {
        await Targets.SyncTargetsAsync([("edge", "routeros"), ("old", "nftables")], Ct);
        await Outbox.EnqueueAsync("old", [new OutboxItem(ChangeKind.Ban, NextIPv4(), 1, T0.AddHours(1))], T0, Ct);

        await Targets.SyncTargetsAsync([("edge", "fail2ban-ssh"), ("new", "nftables")], Ct);

        var targets = await Targets.ListTargetsAsync(Ct);
        Assert.Equal(["edge", "new", "old"], targets.Select(t => t.Name));
        Assert.Equal(new TargetStatus("edge", "fail2ban-ssh", true, null, null, null, 0, 0), targets[0]);
        Assert.True(targets[1].Enabled);
        Assert.Equal(new TargetStatus("old", "nftables", false, null, null, null, 1, 0), targets[2]);

        await Targets.SyncTargetsAsync([("old", "nftables")], Ct);

        Assert.True(Assert.Single(await Targets.ListTargetsAsync(Ct), t => t.Name == "old").Enabled);
    }

    [Fact]
    public async Task RecordContactAsync_SuccessAndFailure_UpdateContactHistory()
    {
        await SyncTargetsAsync("edge");

        await Targets.RecordContactAsync("edge", T0, null, Ct);
        await Targets.RecordContactAsync("edge", T0.AddMinutes(1), "connection refused", Ct);

        var failing = Assert.Single(await Targets.ListTargetsAsync(Ct));
        Assert.Equal(T0, failing.LastSuccessAt);
        Assert.Equal(T0.AddMinutes(1), failing.LastAttemptAt);
        Assert.Equal("connection refused", failing.LastError);

        await Targets.RecordContactAsync("edge", T0.AddMinutes(2), null, Ct);

        var healthy = Assert.Single(await Targets.ListTargetsAsync(Ct));
        Assert.Equal(T0.AddMinutes(2), healthy.LastSuccessAt);
        Assert.Equal(T0.AddMinutes(2), healthy.LastAttemptAt);
        Assert.Null(healthy.LastError);
    }

    [Fact]
    public async Task ListEnforcementAsync_MergesOutboxRowsWithRecordedStates()
    {
        await SyncTargetsAsync("a-applied", "b-pending", "c-failing");
        var address = NextIPv6();
        var decision = await InsertCommittedAsync(NewDecision(address), ChangeKind.Ban);
        var applied = Assert.Single(await Outbox.TakeDueAsync("a-applied", T0, 10, Ct));
        await Outbox.CompleteAsync("a-applied", [new ChangeCompletion(applied, true)], T0.AddSeconds(1), Ct);
        var failing = Assert.Single(await Outbox.TakeDueAsync("c-failing", T0, 10, Ct));
        await Outbox.CompleteAsync("c-failing", [new ChangeCompletion(failing, false, T0.AddMinutes(1), "auth failed")], T0.AddSeconds(2), Ct);

        var states = await Targets.ListEnforcementAsync(address, Ct);

        Assert.Equal(
            [
                new EnforcementStatus("a-applied", EnforcementStates.Applied, null, T0.AddSeconds(1), 0),
                new EnforcementStatus("b-pending", EnforcementStates.Pending, null, T0, 0),
                new EnforcementStatus("c-failing", EnforcementStates.Failed, "auth failed", T0.AddSeconds(2), 1),
            ],
            states);
        Assert.Empty(await Targets.ListEnforcementAsync(NextIPv6(), Ct));
        Assert.Equal(decision.Address, address);
    }

    [Fact]
    public async Task ListEnforcementAsync_NewChangeAfterApplied_ShowsPendingUntilConfirmed()
    {
        await SyncTargetsAsync("edge");
        var decision = await InsertCommittedAsync(NewDecision(NextIPv4()), ChangeKind.Ban);
        var ban = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        await Outbox.CompleteAsync("edge", [new ChangeCompletion(ban, true)], T0, Ct);

        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.EnqueueAsync(ChangeKind.Unban, decision, T0.AddMinutes(1), null, Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(EnforcementStates.Pending, Assert.Single(await Targets.ListEnforcementAsync(decision.Address, Ct)).State);
        var unban = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddMinutes(1), 10, Ct));
        await Outbox.CompleteAsync("edge", [new ChangeCompletion(unban, true)], T0.AddMinutes(2), Ct);
        Assert.Equal(EnforcementStates.Removed, Assert.Single(await Targets.ListEnforcementAsync(decision.Address, Ct)).State);
    }
}
