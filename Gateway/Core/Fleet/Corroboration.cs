using System.Collections.Concurrent;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// <see cref="PolicyOptions.CorroboratingReporters"/>: a decision goes fleet-wide only once that many distinct
/// reporters saw the address; until then only the reporting servers' own targets hold it. One server's false
/// positive (a broken rule, a tenant's own office) then never reaches the whole fleet. Operator decisions are
/// fleet-wide at once; echo reports never corroborate.
/// </summary>
internal sealed class Corroboration(IDecisionStore decisions, IOptions<PolicyOptions> policy)
{
    // Reports read per decision; a decision with this many reports has far more reporters than any sane threshold.
    private const int ReportsToRead = 1000;

    // Reporters only accumulate while a decision is active, so a corroborated decision never needs a second look.
    private readonly ConcurrentDictionary<long, bool> _corroborated = new();

    public int Required => policy.Value.CorroboratingReporters;

    public bool Enabled => Required > 1;

    /// <summary>Null when the decision goes to every target; otherwise the reporters whose own targets may hold it.</summary>
    public async ValueTask<IReadOnlySet<string>?> PendingReportersAsync(Decision decision, CancellationToken cancellationToken)
    {
        if (!Enabled || decision.Origin == ReportSource.Operator || _corroborated.ContainsKey(decision.Id))
        {
            return null;
        }

        var reporters = decision.ReportCount <= 1 && decision.CreatedBy is { } creator
            ? new HashSet<string>(StringComparer.Ordinal) { creator }
            : (await decisions.ListReportsAsync(decision.Address, ReportsToRead, cancellationToken))
                .Where(r => r.DecisionId == decision.Id && r.Outcome is OutcomeCodes.Created or OutcomeCodes.Merged)
                .Select(r => r.Report.Reporter)
                .ToHashSet(StringComparer.Ordinal);
        if (reporters.Count >= Required)
        {
            _corroborated[decision.Id] = true;
            return null;
        }

        return reporters;
    }

    /// <summary>Why a target does not hold an uncorroborated decision.</summary>
    public string Why =>
        $"seen by fewer than {Required} distinct reporters: only the reporting servers hold it (Policy:CorroboratingReporters)";
}
