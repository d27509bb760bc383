using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Fleet;

/// <summary>A covering range a target holds instead of its members, until the last member's ban ends.</summary>
/// <param name="Range">The prefix, e.g. <c>1.0.1.0/24</c>.</param>
/// <param name="Until">The latest expiry among the members on that target: the range never outlives all of them.</param>
/// <param name="Members">The banned addresses (or narrower blocks) inside it that the target does not hold singly.</param>
public sealed record FoldedRange(BanAddress Range, DateTimeOffset Until, IReadOnlyList<BanAddress> Members);

/// <summary>
/// The ranges one target holds instead of their members (see <see cref="RangeFolding"/>); empty when nothing folds.
/// </summary>
public sealed class FoldView
{
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;

    internal FoldView(int ipv4Prefix, int ipv6Prefix, IReadOnlyDictionary<BanAddress, FoldedRange> ranges)
    {
        _ipv4Prefix = ipv4Prefix;
        _ipv6Prefix = ipv6Prefix;
        Ranges = ranges;
    }

    /// <summary>The ranges by their prefix.</summary>
    public IReadOnlyDictionary<BanAddress, FoldedRange> Ranges { get; }

    /// <summary>Everything the target holds after its budget (ranges and singles, with their decisions), for unfolding.</summary>
    internal IReadOnlyList<(Decision Decision, DateTimeOffset Until)> Entries { get; private init; } = [];

    /// <summary>The addresses the ranges stand for.</summary>
    public int FoldedAddresses => Ranges.Values.Sum(r => r.Members.Count);

    /// <summary>The range the target holds instead of <paramref name="address"/>, or null when it is not folded.</summary>
    public BanAddress? RangeHolding(BanAddress address) =>
        PrefixOf(address) is { } prefix && Ranges.TryGetValue(prefix, out var range) && range.Members.Contains(address) ? prefix : null;

    /// <summary>What <c>why</c> says of an address a target holds through <paramref name="range"/>.</summary>
    public static string Why(BanAddress range, string target) =>
        $"folded into {range} on target {target} (Policy:RangeFolding): the target holds the range instead of this address";

    /// <summary>The prefix <paramref name="address"/> would fold into; null when it is as wide as that prefix or wider.</summary>
    internal BanAddress? PrefixOf(BanAddress address)
    {
        int prefix = address.IsIPv4 ? _ipv4Prefix : _ipv6Prefix;
        return address.PrefixLength > prefix && BanAddress.TryCreate(address.Network, prefix, out var covering) ? covering : null;
    }

    /// <summary>The ranges among <paramref name="kept"/>, what a budget left of the candidates.</summary>
    internal FoldView Keeping(IReadOnlyList<(Decision Decision, DateTimeOffset Until)> kept, IReadOnlyDictionary<BanAddress, DateTimeOffset> wanted) =>
        new(_ipv4Prefix, _ipv6Prefix, Ranges.Count == 0 ? Ranges : Ranges.Where(p => wanted.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value))
        {
            Entries = kept,
        };
}
