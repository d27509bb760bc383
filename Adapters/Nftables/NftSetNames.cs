using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>The validated family, table and set names a target writes to, as nft script text.</summary>
internal sealed record NftSetNames(string Family, string Table, string Set4, string Set6, string RangeSet4, string RangeSet6)
{
    public static NftSetNames From(NftablesOptions options) =>
        new(options.Family, options.Table, options.Set4, options.Set6, options.RangeSet4, options.RangeSet6);

    /// <summary>All four sets: single addresses first, then the interval sets.</summary>
    public string[] All => [Set4, Set6, RangeSet4, RangeSet6];

    /// <summary>The four names, comma-separated, for messages.</summary>
    public string AllText => string.Join(", ", All);

    /// <summary>The interval sets holding CIDR blocks.</summary>
    public string[] Ranges => [RangeSet4, RangeSet6];

    /// <summary>The set an address belongs in: by family, and single addresses apart from CIDR blocks.</summary>
    public string SetFor(BanAddress address) =>
        (address.IsIPv4, address.IsSingleAddress) switch
        {
            (true, true) => Set4,
            (false, true) => Set6,
            (true, false) => RangeSet4,
            (false, false) => RangeSet6,
        };

    /// <summary>True for the interval sets.</summary>
    public bool IsRangeSet(string set) => set == RangeSet4 || set == RangeSet6;

    /// <summary><c>inet firewallgateway banned4</c>: the words that follow <c>add element</c>, <c>list set</c>, ...</summary>
    public string Qualified(string set) => $"{Family} {Table} {set}";
}
