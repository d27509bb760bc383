using System.Diagnostics.Metrics;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Options;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.Core.Tests.Fleet;

public sealed class TargetBudgetsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PolicyOptions _policy = new();

    public void Dispose() => _services.Dispose();

    private TargetBudgets Budgets() =>
        new(Microsoft.Extensions.Options.Options.Create(_policy), _services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void Apply_OverBudget_KeepsMostReportsThenMostRecentThenLongestBan()
    {
        _policy.TargetMaxEntries["edge"] = 3;
        var candidates = new[]
        {
            Candidate(1, reports: 1, seenMinutesAgo: 0, banHours: 4),
            Candidate(2, reports: 5, seenMinutesAgo: 90, banHours: 1),
            Candidate(3, reports: 1, seenMinutesAgo: 10, banHours: 4),
            Candidate(4, reports: 1, seenMinutesAgo: 10, banHours: 48),
            Candidate(5, reports: 1, seenMinutesAgo: 60, banHours: 400),
        };

        var kept = Budgets().Apply("edge", candidates, _policy.TargetMaxEntries["edge"]);

        Assert.Equal([2L, 1L, 4L], kept.Select(c => c.Decision.Id));
    }

    [Fact]
    public void Apply_WithinBudgetOrNone_KeepsEverything()
    {
        var candidates = new[] { Candidate(1, 1, 0, 4), Candidate(2, 1, 0, 4) };
        var budgets = Budgets();

        Assert.Equal(2, budgets.Apply("edge", candidates, 2).Count);
        Assert.Equal(2, budgets.Apply("edge", candidates, null).Count);
    }

    [Fact]
    public void Validate_BudgetOutOfRange_NamesTheTargetKey()
    {
        _policy.TargetMaxEntries["edge"] = 0;
        var result = new PolicyOptionsValidator().Validate(null, _policy);

        Assert.False(result.Succeeded);
        Assert.Contains("Policy:TargetMaxEntries:edge", result.FailureMessage, StringComparison.Ordinal);
    }

    private static (Decision Decision, DateTimeOffset Until) Candidate(long id, int reports, int seenMinutesAgo, int banHours)
    {
        var decision = new Decision(
            id, BanAddress.Parse($"1.0.60.{id}"), ReportSource.Fail2ban, "sshd", Some.Start.AddDays(-1),
            Some.Start.AddMinutes(-seenMinutesAgo), Some.Start.AddHours(banHours), reports, DecisionState.Active);
        return (decision, decision.ExpiresAt);
    }
}
