using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>The validated family, table and set names a target writes to, as nft script text.</summary>
internal sealed record NftSetNames(string Family, string Table, string Set4, string Set6)
{
    public static NftSetNames From(NftablesOptions options) => new(options.Family, options.Table, options.Set4, options.Set6);

    /// <summary>The set an address belongs in: IPv4 into <see cref="Set4"/>, IPv6 into <see cref="Set6"/>.</summary>
    public string SetFor(BanAddress address) => address.IsIPv4 ? Set4 : Set6;

    /// <summary><c>inet firewallgateway banned4</c>: the words that follow <c>add element</c>, <c>list set</c>, ...</summary>
    public string Qualified(string set) => $"{Family} {Table} {set}";
}
