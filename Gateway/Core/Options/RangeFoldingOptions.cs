namespace FirewallGateway.Core.Options;

/// <summary>
/// Range folding (section <c>Policy:RangeFolding</c>): when at least <see cref="IPv4MinAddresses"/> addresses of one
/// /<see cref="IPv4Prefix"/> (or <see cref="IPv6MinAddresses"/> of one /<see cref="IPv6Prefix"/>) are banned, a target
/// named in <see cref="Targets"/> receives the covering range instead of the single addresses. The decisions stay
/// as they are: folding only changes what those targets hold (see <c>RangeFolding</c>).
/// </summary>
public sealed class RangeFoldingOptions
{
    /// <summary>
    /// The targets that receive covering ranges. Default none (folding off): a range also blocks the addresses of
    /// the prefix nobody reported, so it is the operator's choice per target, typically the ones with a small
    /// capacity (a RouterOS address list) where it makes a budget hold a whole attack.
    /// </summary>
    public IList<string> Targets { get; } = [];

    /// <summary>The IPv4 prefix one covering range spans. Default 24; <c>Policy:MinimumIPv4Prefix</c> to 31.</summary>
    public int IPv4Prefix { get; set; } = 24;

    /// <summary>Banned IPv4 addresses inside one prefix that make it fold. Default 8; 2 to the prefix's size.</summary>
    public int IPv4MinAddresses { get; set; } = 8;

    /// <summary>The IPv6 prefix one covering range spans. Default 64; <c>Policy:MinimumIPv6Prefix</c> to 127.</summary>
    public int IPv6Prefix { get; set; } = 64;

    /// <summary>Banned IPv6 addresses (or blocks narrower than the prefix) inside one prefix that make it fold. Default 4; 2 to 1,000,000.</summary>
    public int IPv6MinAddresses { get; set; } = 4;

    /// <summary>True when <paramref name="target"/> receives covering ranges.</summary>
    public bool Folds(string target) => Targets.Contains(target, StringComparer.Ordinal);
}
