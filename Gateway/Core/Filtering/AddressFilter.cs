using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Filtering;

/// <summary>
/// The one place that decides whether an address may be banned: reserved ranges, the gateway's protected
/// addresses (its own, its targets', its store's), blocks wider than policy allows, and the allow-list
/// (configuration and store). Every ban path calls it, operator bans included. The allow-list and the protected
/// set are held as immutable snapshots swapped on change, so checks never wait on the store or on DNS and cost
/// the writer's hot path a few integer comparisons per entry.
/// </summary>
public sealed class AddressFilter
{
    private readonly TimeProvider _time;
    private readonly PolicyOptions _policy;
    private readonly IReadOnlyList<AllowListEntry> _configured;
    private volatile AllowListSnapshot _allowList;
    private volatile ProtectedSnapshot _protected = new([]);
    private long _version;

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

    /// <summary>
    /// Grows with every change of the allow-list or the protected set, so a per-target view built on them (range
    /// folding) knows when to look again.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The entries in force now: configured ones first, then the stored ones.</summary>
    public IReadOnlyList<AllowListEntry> Entries => _allowList.Entries;

    /// <summary>Replaces the stored part of the allow-list (called at start and after every change).</summary>
    public void ReplaceStoredEntries(IEnumerable<AllowListEntry> stored)
    {
        _allowList = new AllowListSnapshot([.. _configured, .. stored]);
        Interlocked.Increment(ref _version);
    }

    /// <summary>The addresses no ban may cover, as last computed.</summary>
    public IReadOnlyList<ProtectedAddress> Protected => _protected.Entries;

    /// <summary>Replaces the protected set (called at start and whenever a protected host name re-resolves).</summary>
    public void ReplaceProtected(IEnumerable<ProtectedAddress> entries)
    {
        _protected = new ProtectedSnapshot([.. entries]);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Null when <paramref name="address"/> may be banned, otherwise why not.</summary>
    public FilterVerdict? Check(BanAddress address)
    {
        if (ReservedRanges.FindOverlap(address) is { } reserved)
        {
            return new FilterVerdict("reserved", $"{address} is in {reserved.Cidr}, {reserved.Name}");
        }

        var span = AddressSpan.Of(address);
        var protectedSet = _protected;
        for (int i = 0; i < protectedSet.Spans.Length; i++)
        {
            if (protectedSet.Spans[i].Overlaps(span))
            {
                var entry = protectedSet.Entries[i];
                string verb = address.Equals(entry.Address) ? "is" : "covers";
                return new FilterVerdict("protected", $"{address} {verb} {entry.Description}; the gateway never bans its own addresses nor the hosts it depends on");
            }
        }

        int minimum = address.IsIPv4 ? _policy.MinimumIPv4Prefix : _policy.MinimumIPv6Prefix;
        if (address.PrefixLength < minimum)
        {
            return new FilterVerdict(
                "too-broad",
                string.Create(CultureInfo.InvariantCulture, $"{address} is wider than /{minimum}, the narrowest block policy lets one ban cover (Policy:Minimum{(address.IsIPv4 ? "IPv4" : "IPv6")}Prefix)"));
        }

        var now = _time.GetUtcNow();
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

    /// <summary>The protected addresses and their spans, swapped as one object.</summary>
    private sealed class ProtectedSnapshot(IReadOnlyList<ProtectedAddress> entries)
    {
        public IReadOnlyList<ProtectedAddress> Entries { get; } = entries;

        public AddressSpan[] Spans { get; } = [.. entries.Select(e => AddressSpan.Of(e.Address))];
    }
}
