using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Filtering;

/// <summary>
/// The one place that decides whether an address may be banned: reserved ranges, blocks wider than policy
/// allows, and the allow-list (configuration and store). Every ban path calls it, operator bans included.
/// The allow-list is held as an immutable snapshot swapped on change, so checks never wait on the store.
/// </summary>
public sealed class AddressFilter
{
    private readonly TimeProvider _time;
    private readonly PolicyOptions _policy;
    private readonly IReadOnlyList<AllowListEntry> _configured;
    private volatile AllowListSnapshot _allowList;

    public AddressFilter(IOptions<PolicyOptions> policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _time = time;
        _policy = policy.Value;
        _configured = _policy.AllowList
            .Select((item, index) => new AllowListEntry(
                -(index + 1), BanAddress.Parse(item.Address), item.Comment ?? string.Empty, true, null, "config", DateTimeOffset.MinValue))
            .ToArray();
        _allowList = new AllowListSnapshot(_configured);
    }

    /// <summary>The entries in force now: configured ones first, then the stored ones.</summary>
    public IReadOnlyList<AllowListEntry> Entries => _allowList.Entries;

    /// <summary>Replaces the stored part of the allow-list (called at start and after every change).</summary>
    public void ReplaceStoredEntries(IEnumerable<AllowListEntry> stored) =>
        _allowList = new AllowListSnapshot([.. _configured, .. stored]);

    /// <summary>Null when <paramref name="address"/> may be banned, otherwise why not.</summary>
    public FilterVerdict? Check(BanAddress address)
    {
        if (ReservedRanges.FindOverlap(address) is { } reserved)
        {
            return new FilterVerdict("reserved", $"{address} is in {reserved.Cidr}, {reserved.Name}");
        }

        int minimum = address.IsIPv4 ? _policy.MinimumIPv4Prefix : _policy.MinimumIPv6Prefix;
        if (address.PrefixLength < minimum)
        {
            return new FilterVerdict(
                "too-broad",
                string.Create(CultureInfo.InvariantCulture, $"{address} is wider than /{minimum}, the narrowest block policy lets one ban cover (Policy:Minimum{(address.IsIPv4 ? "IPv4" : "IPv6")}Prefix)"));
        }

        var now = _time.GetUtcNow();
        var span = AddressSpan.Of(address);
        var allowList = _allowList;
        for (int i = 0; i < allowList.Spans.Length; i++)
        {
            var entry = allowList.Entries[i];
            if (allowList.Spans[i].Overlaps(span) && entry.IsInForce(now))
            {
                return new FilterVerdict("allow-listed", $"{address} matches {entry.Describe()}");
            }
        }

        return null;
    }

    /// <summary>The entries and their spans, computed once per change and swapped as one object.</summary>
    private sealed class AllowListSnapshot(IReadOnlyList<AllowListEntry> entries)
    {
        public IReadOnlyList<AllowListEntry> Entries { get; } = entries;

        public AddressSpan[] Spans { get; } = [.. entries.Select(e => AddressSpan.Of(e.Address))];
    }
}
