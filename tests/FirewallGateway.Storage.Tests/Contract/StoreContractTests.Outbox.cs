using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task EnqueueAsync_NoTargetList_FansOutToEveryEnabledTargetOnly()
    {
        await SyncTargetsAsync("edge", "core", "old");
        await SyncTargetsAsync("edge", "core");
        var decision = await InsertCommittedAsync(NewDecision(NextIPv4()), ChangeKind.Ban);

        var edge = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        Assert.Single(await Outbox.TakeDueAsync("core", T0, 10, Ct));
        Assert.Empty(await Outbox.TakeDueAsync("old", T0, 10, Ct));
        Assert.Equal(ChangeKind.Ban, edge.Kind);
        Assert.Equal(decision.Address, edge.Address);
        Assert.Equal(decision.Id, edge.DecisionId);
        Assert.Equal(decision.ExpiresAt, edge.ExpiresAt);
        Assert.Equal(T0, edge.DueAt);
        Assert.Equal(0, edge.Attempts);
        Assert.Null(edge.LastError);
        Assert.Equal("edge", edge.Target);
    }

    [Fact]
    public async Task EnqueueAsync_ExplicitTargets_QueuesOnlyForThem()
    {
        await SyncTargetsAsync("edge", "core");
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            var decision = await tx.InsertDecisionAsync(NewDecision(NextIPv4()), Ct);
            await tx.EnqueueAsync(ChangeKind.Ban, decision, T0, ["core"], Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(0, await Outbox.CountPendingAsync("edge", Ct));
        Assert.Equal(1, await Outbox.CountPendingAsync("core", Ct));
    }

    [Fact]
    public async Task EnqueueAsync_SameAddressAgain_ReplacesTheRowAndBumpsItsVersion()
    {
        await SyncTargetsAsync("edge");
        var decision = await InsertCommittedAsync(NewDecision(NextIPv4()), ChangeKind.Ban);
        var before = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        await Outbox.CompleteAsync("edge", [new ChangeCompletion(before, false, T0.AddMinutes(5), "timeout")], T0, Ct);

        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.EnqueueAsync(ChangeKind.Unban, decision with { ExpiresAt = T0.AddHours(9) }, T0.AddMinutes(1), null, Ct);
            await tx.CommitAsync(Ct);
        }

        var after = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddMinutes(1), 10, Ct));
        Assert.Equal(before.Id, after.Id);
        Assert.True(after.Version > before.Version);
        Assert.Equal(ChangeKind.Unban, after.Kind);
        Assert.Equal(T0.AddHours(9), after.ExpiresAt);
        Assert.Equal(T0.AddMinutes(1), after.DueAt);
        Assert.Equal(0, after.Attempts);
        Assert.Null(after.LastError);
    }

    [Fact]
    public async Task TakeDueAsync_OnlyDueRows_OldestDueFirstUpToMax()
    {
        var a = NextIPv4();
        var b = NextIPv4();
        var c = NextIPv4();
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, a, 1, T0.AddHours(1))], T0.AddSeconds(2), Ct);
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, b, 2, T0.AddHours(1))], T0.AddSeconds(1), Ct);
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, c, 3, T0.AddHours(1))], T0.AddSeconds(9), Ct);
        await Outbox.EnqueueAsync("core", [new OutboxItem(ChangeKind.Ban, c, 3, T0.AddHours(1))], T0, Ct);

        var due = await Outbox.TakeDueAsync("edge", T0.AddSeconds(5), 10, Ct);
        var one = await Outbox.TakeDueAsync("edge", T0.AddSeconds(5), 1, Ct);

        Assert.Equal([b, a], due.Select(r => r.Address));
        Assert.Equal([b], one.Select(r => r.Address));
        Assert.Equal(T0, await Outbox.NextDueAsync("core", Ct));
        Assert.Equal(T0.AddSeconds(1), await Outbox.NextDueAsync("edge", Ct));
        Assert.Null(await Outbox.NextDueAsync("nobody", Ct));
        Assert.Equal(3, await Outbox.CountPendingAsync("edge", Ct));
    }

    [Fact]
    public async Task TakeDueAsync_DoesNotRemoveRows_UntilCompleted()
    {
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, NextIPv4(), 1, T0.AddHours(1))], T0, Ct);

        await Outbox.TakeDueAsync("edge", T0, 10, Ct);

        Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
    }

    [Fact]
    public async Task CompleteAsync_Confirmed_DeletesRowsAndRecordsAppliedOrRemoved()
    {
        var banned = NextIPv4();
        var unbanned = NextIPv6();
        await Outbox.EnqueueAsync(
            "edge",
            [new OutboxItem(ChangeKind.Ban, banned, 1, T0.AddHours(1)), new OutboxItem(ChangeKind.Unban, unbanned, 2, T0)],
            T0,
            Ct);
        var taken = await Outbox.TakeDueAsync("edge", T0, 10, Ct);

        await Outbox.CompleteAsync("edge", [.. taken.Select(c => new ChangeCompletion(c, true))], T0.AddSeconds(1), Ct);

        Assert.Equal(0, await Outbox.CountPendingAsync("edge", Ct));
        var bannedState = Assert.Single(await Targets.ListEnforcementAsync(banned, Ct));
        var unbannedState = Assert.Single(await Targets.ListEnforcementAsync(unbanned, Ct));
        Assert.Equal(new EnforcementStatus("edge", EnforcementStates.Applied, null, T0.AddSeconds(1), 0), bannedState);
        Assert.Equal(new EnforcementStatus("edge", EnforcementStates.Removed, null, T0.AddSeconds(1), 0), unbannedState);
    }

    [Fact]
    public async Task CompleteAsync_ConfirmedStaleVersion_KeepsTheNewerChange()
    {
        var address = NextIPv4();
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, address, 1, T0.AddHours(1))], T0, Ct);
        var stale = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Unban, address, 1, T0)], T0.AddSeconds(1), Ct);

        await Outbox.CompleteAsync("edge", [new ChangeCompletion(stale, true)], T0.AddSeconds(2), Ct);

        var left = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddSeconds(2), 10, Ct));
        Assert.Equal(ChangeKind.Unban, left.Kind);
        Assert.True(left.Version > stale.Version);
        Assert.Equal(EnforcementStates.Pending, Assert.Single(await Targets.ListEnforcementAsync(address, Ct)).State);
    }

    [Fact]
    public async Task CompleteAsync_Failed_ReschedulesWithErrorAndCountsAttempts()
    {
        await SyncTargetsAsync("edge");
        var address = NextIPv4();
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, address, 1, T0.AddHours(1))], T0, Ct);
        var first = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));

        await Outbox.CompleteAsync("edge", [new ChangeCompletion(first, false, T0.AddSeconds(30), "connection refused")], T0.AddSeconds(1), Ct);

        Assert.Empty(await Outbox.TakeDueAsync("edge", T0.AddSeconds(29), 10, Ct));
        Assert.Equal(T0.AddSeconds(30), await Outbox.NextDueAsync("edge", Ct));
        var second = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddSeconds(30), 10, Ct));
        Assert.Equal(1, second.Attempts);
        Assert.Equal("connection refused", second.LastError);
        Assert.Equal(first.Version, second.Version);

        await Outbox.CompleteAsync("edge", [new ChangeCompletion(second, false, T0.AddMinutes(2), "still refused")], T0.AddSeconds(31), Ct);

        var third = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddMinutes(2), 10, Ct));
        Assert.Equal(2, third.Attempts);
        Assert.Equal(
            new EnforcementStatus("edge", EnforcementStates.Failed, "still refused", T0.AddSeconds(31), 2),
            Assert.Single(await Targets.ListEnforcementAsync(address, Ct)));
        var target = Assert.Single(await Targets.ListTargetsAsync(Ct), t => t.Name == "edge");
        Assert.Equal(1, target.Failing);
    }

    [Fact]
    public async Task CompleteAsync_FailedWithoutRetryTime_IsDueAtOnce()
    {
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, NextIPv4(), 1, T0.AddHours(1))], T0, Ct);
        var taken = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));

        await Outbox.CompleteAsync("edge", [new ChangeCompletion(taken, false, null, "oops")], T0.AddSeconds(5), Ct);

        Assert.Equal(T0.AddSeconds(5), await Outbox.NextDueAsync("edge", Ct));
    }

    [Fact]
    public async Task CompleteAsync_FailedStaleVersion_LeavesTheNewerChangeUntouched()
    {
        var address = NextIPv4();
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, address, 1, T0.AddHours(1))], T0, Ct);
        var stale = Assert.Single(await Outbox.TakeDueAsync("edge", T0, 10, Ct));
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, address, 1, T0.AddHours(5))], T0.AddSeconds(1), Ct);

        await Outbox.CompleteAsync("edge", [new ChangeCompletion(stale, false, T0.AddHours(1), "late failure")], T0.AddSeconds(2), Ct);

        var fresh = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddSeconds(2), 10, Ct));
        Assert.Equal(0, fresh.Attempts);
        Assert.Null(fresh.LastError);
        Assert.Equal(T0.AddSeconds(1), fresh.DueAt);
    }

    [Fact]
    public async Task EnqueueAsync_ForOneTarget_ReplacesPendingChangeOfSameAddress()
    {
        var address = BanAddress.Parse("2a00:1450::/48");
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Ban, address, 5, T0.AddHours(1))], T0, Ct);
        await Outbox.EnqueueAsync("edge", [new OutboxItem(ChangeKind.Unban, address, 6, T0.AddHours(2))], T0.AddSeconds(1), Ct);

        var row = Assert.Single(await Outbox.TakeDueAsync("edge", T0.AddSeconds(1), 10, Ct));

        Assert.Equal(ChangeKind.Unban, row.Kind);
        Assert.Equal(6, row.DecisionId);
        Assert.Equal(address, row.Address);
        Assert.Equal(1, await Outbox.CountPendingAsync("edge", Ct));
    }

    [Fact]
    public async Task CompleteAsync_EmptyList_DoesNothing()
    {
        await Outbox.CompleteAsync("edge", [], T0, Ct);
        await Outbox.EnqueueAsync("edge", [], T0, Ct);

        Assert.Equal(0, await Outbox.CountPendingAsync("edge", Ct));
    }
}
