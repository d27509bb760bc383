using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// <see cref="PolicyOptions.RangeFolding"/>: a per-target view of the active decisions in which a prefix holding at
/// least the configured number of banned addresses becomes one covering range, so a 10,000-entry router holds an
/// attack from 400 /24s as 400 entries. The decisions are untouched; only the folding targets see the range.
/// A prefix that covers an allow-listed, protected or reserved address never folds (the filter is asked about the
/// range itself), nor one that is itself a decision (the decision already is that entry).
/// </summary>
internal sealed class RangeFolding
{
    private readonly RangeFoldingOptions _options;
    private readonly AddressFilter _filter;
    private readonly ConcurrentDictionary<string, (long Ranges, long Addresses)> _published = new(StringComparer.Ordinal);

    public RangeFolding(IOptions<PolicyOptions> policy, AddressFilter filter, IMeterFactory meterFactory)
    {
        _options = policy.Value.RangeFolding;
        _filter = filter;
        var meter = meterFactory.Create(ReportMetrics.MeterName);
        meter.CreateObservableGauge(
            "firewallgateway.target.folded_ranges",
            () => _published.Select(p => new Measurement<long>(p.Value.Ranges, new KeyValuePair<string, object?>("target", p.Key))),
            description: "Covering ranges a target holds instead of the banned addresses inside them (Policy:RangeFolding)");
        meter.CreateObservableGauge(
            "firewallgateway.target.folded_addresses",
            () => _published.Select(p => new Measurement<long>(p.Value.Addresses, new KeyValuePair<string, object?>("target", p.Key))),
            description: "Banned addresses a target holds through a covering range rather than one entry each (Policy:RangeFolding)");
    }

    public bool Folds(string target) => _options.Folds(target);

    /// <summary>
    /// The candidates as the target should see them: members of folding prefixes replaced by one candidate per
    /// range (with no decision: id 0, the members' summed reports, latest sighting and expiry, so the entry budget
    /// ranks a range by the evidence behind it), and the ranges made. Null view when the target does not fold.
    /// </summary>
    public (IReadOnlyList<(Decision Decision, DateTimeOffset Until)> Candidates, FoldView? View) Fold(
        string target, IReadOnlyList<(Decision Decision, DateTimeOffset Until)> candidates)
    {
        if (!Folds(target))
        {
            return (candidates, null);
        }

        var empty = new FoldView(_options.IPv4Prefix, _options.IPv6Prefix, new Dictionary<BanAddress, FoldedRange>());
        var byPrefix = new Dictionary<BanAddress, List<int>>();
        var decided = new HashSet<BanAddress>();
        for (int i = 0; i < candidates.Count; i++)
        {
            var address = candidates[i].Decision.Address;
            decided.Add(address);
            if (empty.PrefixOf(address) is { } prefix)
            {
                if (!byPrefix.TryGetValue(prefix, out var members))
                {
                    byPrefix[prefix] = members = [];
                }

                members.Add(i);
            }
        }

        var folded = new bool[candidates.Count];
        var ranges = new Dictionary<BanAddress, FoldedRange>();
        var result = new List<(Decision Decision, DateTimeOffset Until)>(candidates.Count);
        foreach (var (prefix, members) in byPrefix)
        {
            int needed = prefix.IsIPv4 ? _options.IPv4MinAddresses : _options.IPv6MinAddresses;
            if (members.Count < needed || decided.Contains(prefix) || _filter.Check(prefix) is not null)
            {
                continue;
            }

            var range = RangeCandidate(prefix, members.Select(i => candidates[i]).ToList());
            ranges[prefix] = new FoldedRange(prefix, range.Until, members.Select(i => candidates[i].Decision.Address).ToList());
            result.Add(range);
            foreach (int i in members)
            {
                folded[i] = true;
            }
        }

        for (int i = 0; i < candidates.Count; i++)
        {
            if (!folded[i])
            {
                result.Add(candidates[i]);
            }
        }

        return (result, new FoldView(_options.IPv4Prefix, _options.IPv6Prefix, ranges));
    }

    /// <summary>The view limited to the ranges the target holds after its budget, published as its gauges.</summary>
    public FoldView? Held(
        string target, FoldView? view, IReadOnlyList<(Decision Decision, DateTimeOffset Until)> kept, IReadOnlyDictionary<BanAddress, DateTimeOffset> wanted)
    {
        if (view is null)
        {
            return null;
        }

        var held = view.Keeping(kept, wanted);
        _published[target] = (held.Ranges.Count, held.FoldedAddresses);
        return held;
    }

    private static (Decision Decision, DateTimeOffset Until) RangeCandidate(BanAddress prefix, List<(Decision Decision, DateTimeOffset Until)> members)
    {
        var first = members[0].Decision;
        long reports = members.Sum(m => (long)m.Decision.ReportCount);
        var until = members.Max(m => m.Until);
        var range = new Decision(
            0,
            prefix,
            first.Origin,
            $"{members.Count} banned addresses in {prefix}",
            members.Min(m => m.Decision.FirstSeen),
            members.Max(m => m.Decision.LastSeen),
            until,
            (int)Math.Min(int.MaxValue, reports),
            DecisionState.Active);
        return (range, until);
    }
}
