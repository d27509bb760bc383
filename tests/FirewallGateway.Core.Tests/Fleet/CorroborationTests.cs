using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Core.Tests.Fleet;

public sealed class CorroborationTests
{
    private readonly ReportsOnlyStore _store = new();
    private readonly PolicyOptions _policy = new() { CorroboratingReporters = 2 };

    private Corroboration Corroboration() => new(_store, Microsoft.Extensions.Options.Options.Create(_policy));

    [Fact]
    public async Task PendingReporters_Off_EveryDecisionFleetWide()
    {
        _policy.CorroboratingReporters = 1;
        Assert.Null(await Corroboration().PendingReportersAsync(Decision(1, "web1", 1), CancellationToken.None));
    }

    [Fact]
    public async Task PendingReporters_OneReporter_OnlyItsOwnTargets()
    {
        var pending = await Corroboration().PendingReportersAsync(Decision(1, "web1", 1), CancellationToken.None);
        Assert.Equal(["web1"], pending!);
    }

    [Fact]
    public async Task PendingReporters_SameReporterTwiceAndAnEcho_StillPending()
    {
        var decision = Decision(1, "web1", 3);
        _store.Add(decision, "web1", OutcomeCodes.Created);
        _store.Add(decision, "web1", OutcomeCodes.Merged);
        _store.Add(decision, "firewall", OutcomeCodes.Echo);

        Assert.Equal(["web1"], (await Corroboration().PendingReportersAsync(decision, CancellationToken.None))!);
    }

    [Fact]
    public async Task PendingReporters_SecondDistinctReporter_FleetWideAndRemembered()
    {
        var decision = Decision(1, "web1", 2);
        _store.Add(decision, "web1", OutcomeCodes.Created);
        _store.Add(decision, "web2", OutcomeCodes.Merged);
        var corroboration = Corroboration();

        Assert.Null(await corroboration.PendingReportersAsync(decision, CancellationToken.None));
        _store.Reads = 0;
        Assert.Null(await corroboration.PendingReportersAsync(decision, CancellationToken.None));
        Assert.Equal(0, _store.Reads);
    }

    [Fact]
    public async Task PendingReporters_ReportsOfAnEarlierDecision_DoNotCount()
    {
        var earlier = Decision(1, "web2", 1);
        var decision = Decision(2, "web1", 2);
        _store.Add(earlier, "web2", OutcomeCodes.Created);
        _store.Add(decision, "web1", OutcomeCodes.Created);
        _store.Add(decision, "web1", OutcomeCodes.Merged);

        Assert.Equal(["web1"], (await Corroboration().PendingReportersAsync(decision, CancellationToken.None))!);
    }

    [Fact]
    public async Task PendingReporters_OperatorDecision_FleetWideAtOnce()
    {
        var manual = Decision(1, "admin", 1) with { Origin = ReportSource.Operator };
        Assert.Null(await Corroboration().PendingReportersAsync(manual, CancellationToken.None));
    }

    private static readonly BanAddress Address = BanAddress.Parse("1.0.40.1");

    private static Decision Decision(long id, string creator, int reports) =>
        new(id, Address, ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, Some.Start.AddHours(4), reports, DecisionState.Active) { CreatedBy = creator };

    /// <summary>Only the report listing the corroboration reads; anything else is a test error.</summary>
    private sealed class ReportsOnlyStore : IDecisionStore
    {
        private readonly List<StoredReport> _reports = [];

        public int Reads { get; set; }

        public void Add(Decision decision, string reporter, string outcome) =>
            _reports.Insert(0, new StoredReport(_reports.Count + 1, Some.Report(decision.Address, reporter: reporter), decision.Id, outcome));

        public ValueTask<IReadOnlyList<StoredReport>> ListReportsAsync(BanAddress address, int limit, CancellationToken cancellationToken)
        {
            Reads++;
            return ValueTask.FromResult<IReadOnlyList<StoredReport>>([.. _reports.Where(r => r.Report.Address == address).Take(limit)]);
        }

        public ValueTask<IDecisionWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<Decision?> GetDecisionAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<Decision>> ListDecisionsAsync(DecisionQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<Decision> ListActiveDecisionsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<long> CountActiveDecisionsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<Decision>> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
