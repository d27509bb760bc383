using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// <see cref="PolicyOptions.TargetMaxEntries"/>: the most entries a target may hold (a RouterOS address list or a
/// fail2ban jail slows down long before it fills memory). Over budget, a target keeps the most valuable decisions:
/// most reports first (the best evidence), then the most recently seen (the attack still going on), then the
/// longest ban (the gravest), then the newest. The rest are withheld, counted per target in a gauge and listed by
/// <c>why</c>; they stay decided and stored, and reach the target as soon as room frees up.
/// </summary>
internal sealed class TargetBudgets
{
    private readonly PolicyOptions _policy;
    private readonly ConcurrentDictionary<string, long> _withheld = new(StringComparer.Ordinal);

    public TargetBudgets(IOptions<PolicyOptions> policy, IMeterFactory meterFactory)
    {
        _policy = policy.Value;
        meterFactory.Create(ReportMetrics.MeterName).CreateObservableGauge(
            "firewallgateway.target.withheld",
            () => _withheld.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("target", p.Key))),
            description: "Active decisions a target does not hold because they exceed its entry budget (Policy:TargetMaxEntries)");
    }

    /// <summary>The target's budget, or null when it has none.</summary>
    public int? For(string target) => _policy.TargetMaxEntries.TryGetValue(target, out int max) ? max : null;

    /// <summary>
    /// The <paramref name="max"/> most valuable candidates (all of them when <paramref name="max"/> is null or not
    /// reached); the number left out is published for the target.
    /// </summary>
    public IReadOnlyList<(Decision Decision, DateTimeOffset Until)> Apply(
        string target, IReadOnlyList<(Decision Decision, DateTimeOffset Until)> candidates, int? max)
    {
        if (max is null)
        {
            return candidates;
        }

        var kept = candidates.Count > max ? MostValuableFirst(candidates).Take(max.Value).ToList() : candidates;
        _withheld[target] = candidates.Count - kept.Count;
        return kept;
    }

    public static IEnumerable<(Decision Decision, DateTimeOffset Until)> MostValuableFirst(IEnumerable<(Decision Decision, DateTimeOffset Until)> candidates) =>
        candidates.OrderByDescending(c => c.Decision.ReportCount).ThenByDescending(c => c.Decision.LastSeen)
            .ThenByDescending(c => c.Decision.ExpiresAt).ThenByDescending(c => c.Decision.Id);

    public static string Why(string target, int max) =>
        $"{target} holds at most {max} entries (Policy:TargetMaxEntries:{target}): most reports, then most recently seen, then longest ban first";
}
