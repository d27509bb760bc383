using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ExpireDueAsync_DueDecisions_MarkedExpiredAndUnbansQueuedForEnabledTargets()
    {
        await SyncTargetsAsync("edge", "core", "gone");
        await SyncTargetsAsync("edge", "core");
        var due = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(10)), ChangeKind.Ban);
        var later = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromHours(2)), ChangeKind.Ban);

        var expired = await Decisions.ExpireDueAsync(T0.AddMinutes(10), 100, Ct);

        var only = Assert.Single(expired);
        Assert.Equal(due.Id, only.Id);
        Assert.Equal(DecisionState.Expired, only.State);
        Assert.Equal(DecisionState.Expired, (await Decisions.GetDecisionAsync(due.Id, Ct))!.State);
        Assert.Equal(DecisionState.Active, (await Decisions.GetDecisionAsync(later.Id, Ct))!.State);
        foreach (string target in new[] { "edge", "core" })
        {
            var rows = await Outbox.TakeDueAsync(target, T0.AddMinutes(10), 10, Ct);
            Assert.Equal(ChangeKind.Unban, Assert.Single(rows, r => r.Address == due.Address).Kind);
            Assert.Equal(ChangeKind.Ban, Assert.Single(rows, r => r.Address == later.Address).Kind);
        }

        Assert.Equal(0, await Outbox.CountPendingAsync("gone", Ct));
        Assert.Equal(later.ExpiresAt, await Decisions.NextExpiryAsync(Ct));
    }

    [Fact]
    public async Task ExpireDueAsync_MoreDueThanMax_ExpiresEarliestFirstAndLeavesTheRest()
    {
        var first = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(1)));
        var second = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(2)));
        var third = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(3)));

        var batch = await Decisions.ExpireDueAsync(T0.AddHours(1), 2, Ct);

        Assert.Equal([first.Id, second.Id], batch.Select(d => d.Id));
        Assert.Equal(third.ExpiresAt, await Decisions.NextExpiryAsync(Ct));
        Assert.Equal([third.Id], (await Decisions.ExpireDueAsync(T0.AddHours(1), 2, Ct)).Select(d => d.Id));
        Assert.Empty(await Decisions.ExpireDueAsync(T0.AddHours(1), 2, Ct));
        Assert.Null(await Decisions.NextExpiryAsync(Ct));
    }

    [Fact]
    public async Task NextExpiryAsync_IgnoresEndedDecisions()
    {
        await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(1)) with { State = DecisionState.Removed });
        var active = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(5)));

        Assert.Equal(active.ExpiresAt, await Decisions.NextExpiryAsync(Ct));
    }
}
