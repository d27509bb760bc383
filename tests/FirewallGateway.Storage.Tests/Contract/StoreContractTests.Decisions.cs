using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task InsertDecisionAsync_Committed_FindActiveReturnsEveryField()
    {
        var address = NextIPv4();
        var inserted = await InsertCommittedAsync(NewDecision(address) with { Origin = ReportSource.Graylog, ReportCount = 3 });

        await using var tx = await Decisions.BeginWriteAsync(Ct);
        var found = await tx.FindActiveDecisionAsync(address, Ct);

        Assert.True(inserted.Id > 0);
        Assert.Equal(inserted, found);
        Assert.Equal("web1", found!.CreatedBy);
        Assert.Equal(inserted, await Decisions.GetDecisionAsync(inserted.Id, Ct));
    }

    [Fact]
    public async Task FindActiveDecisionAsync_OtherAddressOrEndedDecision_ReturnsNull()
    {
        var address = NextIPv4();
        var ended = await InsertCommittedAsync(NewDecision(address) with { State = DecisionState.Removed });

        await using var tx = await Decisions.BeginWriteAsync(Ct);

        Assert.Null(await tx.FindActiveDecisionAsync(address, Ct));
        Assert.Null(await tx.FindActiveDecisionAsync(NextIPv4(), Ct));
        Assert.Equal(DecisionState.Removed, (await Decisions.GetDecisionAsync(ended.Id, Ct))!.State);
    }

    [Fact]
    public async Task FindActiveDecisionAsync_BlockAndAddressInside_AreDifferentDecisions()
    {
        var block = BanAddress.Parse("1.0.7.0/24");
        var inside = BanAddress.Parse("1.0.7.9");
        var blockDecision = await InsertCommittedAsync(NewDecision(block));

        await using var tx = await Decisions.BeginWriteAsync(Ct);

        Assert.Equal(blockDecision.Id, (await tx.FindActiveDecisionAsync(block, Ct))!.Id);
        Assert.Null(await tx.FindActiveDecisionAsync(inside, Ct));
    }

    [Fact]
    public async Task InsertDecisionAsync_SecondActiveForSameAddress_IsRefusedByTheStore()
    {
        var address = NextIPv6();
        await InsertCommittedAsync(NewDecision(address));

        await using var tx = await Decisions.BeginWriteAsync(Ct);

        await Assert.ThrowsAnyAsync<Exception>(async () => await tx.InsertDecisionAsync(NewDecision(address), Ct));
    }

    [Fact]
    public async Task InsertDecisionAsync_EndedDecisionsOfSameAddress_AllowANewActiveOne()
    {
        var address = NextIPv4();
        await InsertCommittedAsync(NewDecision(address) with { State = DecisionState.Expired });
        await InsertCommittedAsync(NewDecision(address) with { State = DecisionState.Removed });

        var active = await InsertCommittedAsync(NewDecision(address));

        Assert.Equal(1, await Decisions.CountActiveDecisionsAsync(Ct));
        Assert.Equal(DecisionState.Active, (await Decisions.GetDecisionAsync(active.Id, Ct))!.State);
    }

    [Fact]
    public async Task UpdateDecisionAsync_Committed_WritesLastSeenExpiryCountReasonAndState()
    {
        var inserted = await InsertCommittedAsync(NewDecision(NextIPv4()));
        var changed = inserted with
        {
            LastSeen = T0.AddMinutes(5),
            ExpiresAt = T0.AddHours(6),
            ReportCount = 7,
            Reason = "recidive",
            State = DecisionState.Removed,
        };

        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.UpdateDecisionAsync(changed, Ct);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(changed, await Decisions.GetDecisionAsync(inserted.Id, Ct));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_RollsEverythingBack()
    {
        await SyncTargetsAsync("edge");
        var address = NextIPv4();
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            var decision = await tx.InsertDecisionAsync(NewDecision(address), Ct);
            await tx.InsertReportAsync(Some.Report(address), decision.Id, OutcomeCodes.Created, Ct);
            await tx.EnqueueAsync(ChangeKind.Ban, decision, T0, null, Ct);
        }

        Assert.Equal(0, await Decisions.CountActiveDecisionsAsync(Ct));
        Assert.Empty(await Decisions.ListReportsAsync(address, 10, Ct));
        Assert.Equal(0, await Outbox.CountPendingAsync("edge", Ct));
    }

    [Fact]
    public async Task BeginWriteAsync_AfterARolledBackTransaction_WritesAgain()
    {
        await using (var tx = await Decisions.BeginWriteAsync(Ct))
        {
            await tx.InsertDecisionAsync(NewDecision(NextIPv4()), Ct);
        }

        await InsertCommittedAsync(NewDecision(NextIPv4()));

        Assert.Equal(1, await Decisions.CountActiveDecisionsAsync(Ct));
    }

    [Fact]
    public async Task CountDecisionsSinceAsync_CountsDecisionsOfAnyStateStartedAtOrAfterSince()
    {
        var address = NextIPv4();
        await InsertCommittedAsync(NewDecision(address, T0.AddDays(-3)) with { State = DecisionState.Expired });
        await InsertCommittedAsync(NewDecision(address, T0.AddDays(-1)) with { State = DecisionState.Expired });
        await InsertCommittedAsync(NewDecision(address, T0) with { State = DecisionState.Removed });
        await InsertCommittedAsync(NewDecision(NextIPv4(), T0));

        await using var tx = await Decisions.BeginWriteAsync(Ct);

        Assert.Equal(2, await tx.CountDecisionsSinceAsync(address, T0.AddDays(-1), Ct));
        Assert.Equal(3, await tx.CountDecisionsSinceAsync(address, T0.AddDays(-7), Ct));
        Assert.Equal(0, await tx.CountDecisionsSinceAsync(address, T0.AddMilliseconds(1), Ct));
    }

    [Fact]
    public async Task FindActiveDecisionAsync_InsideTheSameTransaction_SeesUncommittedWrites()
    {
        var address = NextIPv4();
        await using var tx = await Decisions.BeginWriteAsync(Ct);
        var inserted = await tx.InsertDecisionAsync(NewDecision(address), Ct);

        Assert.Equal(inserted.Id, (await tx.FindActiveDecisionAsync(address, Ct))!.Id);
        Assert.Equal(1, await tx.CountDecisionsSinceAsync(address, T0, Ct));
    }

    [Fact]
    public async Task ListDecisionsAsync_Filters_ApplyAndNewestComesFirst()
    {
        var a = NextIPv4();
        var first = await InsertCommittedAsync(NewDecision(a) with { State = DecisionState.Expired });
        var second = await InsertCommittedAsync(NewDecision(a));
        var third = await InsertCommittedAsync(NewDecision(NextIPv6()) with { Origin = ReportSource.Operator });

        var active = await Decisions.ListDecisionsAsync(new DecisionQuery(), Ct);
        var all = await Decisions.ListDecisionsAsync(new DecisionQuery(State: null), Ct);
        var ofA = await Decisions.ListDecisionsAsync(new DecisionQuery(State: null, Address: a), Ct);
        var manual = await Decisions.ListDecisionsAsync(new DecisionQuery(Origin: ReportSource.Operator), Ct);
        var page = await Decisions.ListDecisionsAsync(new DecisionQuery(State: null, Limit: 1, BeforeId: third.Id), Ct);

        Assert.Equal([third.Id, second.Id], active.Select(d => d.Id));
        Assert.Equal([third.Id, second.Id, first.Id], all.Select(d => d.Id));
        Assert.Equal([second.Id, first.Id], ofA.Select(d => d.Id));
        Assert.Equal([third.Id], manual.Select(d => d.Id));
        Assert.Equal([second.Id], page.Select(d => d.Id));
    }

    [Fact]
    public async Task GetDecisionAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Decisions.GetDecisionAsync(424242, Ct));
    }

    [Fact]
    public async Task ListActiveDecisionsAsync_SkipsEndedAndTimedOutDecisions()
    {
        var live = await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromHours(2)));
        await InsertCommittedAsync(NewDecision(NextIPv4(), duration: TimeSpan.FromMinutes(30)));
        await InsertCommittedAsync(NewDecision(NextIPv4()) with { State = DecisionState.Removed });

        var listed = new List<Decision>();
        await foreach (var decision in Decisions.ListActiveDecisionsAsync(T0.AddHours(1), Ct))
        {
            listed.Add(decision);
        }

        Assert.Equal([live], listed);
        Assert.Equal(2, await Decisions.CountActiveDecisionsAsync(Ct));
    }
}
