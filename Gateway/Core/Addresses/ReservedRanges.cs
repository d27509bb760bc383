using System.Net;

namespace FirewallGateway.Core.Addresses;

/// <summary>
/// The IANA IPv4 and IPv6 special-purpose address registries (RFC 6890 and successors) as one table. Nothing in
/// them is routable on the public internet, so a report naming one is a mistake, a spoofed header or an attack on
/// our own infrastructure; a ban on it could lock out the gateway, its targets or the LAN behind them.
/// </summary>
public static class ReservedRanges
{
    /// <summary>Every block, most specific names first so refusals name the narrowest match.</summary>
    public static IReadOnlyList<ReservedRange> All { get; } =
    [
        R("0.0.0.0/8", "\"this network\" (RFC 791)"),
        R("10.0.0.0/8", "private-use (RFC 1918)"),
        R("100.64.0.0/10", "shared address space / CGNAT (RFC 6598)"),
        R("127.0.0.0/8", "loopback (RFC 1122)"),
        R("169.254.0.0/16", "link-local (RFC 3927)"),
        R("172.16.0.0/12", "private-use (RFC 1918)"),
        R("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        R("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        R("192.31.196.0/24", "AS112-v4 (RFC 7535)"),
        R("192.52.193.0/24", "AMT (RFC 7450)"),
        R("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"),
        R("192.168.0.0/16", "private-use (RFC 1918)"),
        R("192.175.48.0/24", "direct delegation AS112 service (RFC 7534)"),
        R("198.18.0.0/15", "benchmarking (RFC 2544)"),
        R("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        R("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
        R("224.0.0.0/4", "multicast (RFC 5771)"),
        R("240.0.0.0/4", "reserved for future use (RFC 1112)"),
        R("255.255.255.255/32", "limited broadcast (RFC 919)"),
        R("::/128", "unspecified address (RFC 4291)"),
        R("::1/128", "loopback (RFC 4291)"),
        R("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"),
        R("100::/64", "discard-only (RFC 6666)"),
        R("2001::/32", "TEREDO (RFC 4380)"),
        R("2001:2::/48", "benchmarking (RFC 5180)"),
        R("2001:10::/28", "deprecated ORCHID (RFC 4843)"),
        R("2001:20::/28", "ORCHIDv2 (RFC 7343)"),
        R("2001::/23", "IETF protocol assignments (RFC 2928)"),
        R("2001:db8::/32", "documentation (RFC 3849)"),
        R("2002::/16", "6to4 (RFC 3056)"),
        R("3fff::/20", "documentation (RFC 9637)"),
        R("5f00::/16", "segment routing SIDs (RFC 9602)"),
        R("fc00::/7", "unique-local (RFC 4193)"),
        R("fe80::/10", "link-local unicast (RFC 4291)"),
        R("fec0::/10", "deprecated site-local (RFC 3879)"),
        R("ff00::/8", "multicast (RFC 4291)"),
    ];

    /// <summary>IPv6 outside 2000::/3 is not allocated for global unicast at all.</summary>
    public static IPNetwork2 IPv6GlobalUnicast { get; } = IPNetwork2.Parse("2000::/3");

    private static readonly AddressSpan GlobalUnicastSpan = AddressSpan.Of(IPv6GlobalUnicast.Network, IPv6GlobalUnicast.Cidr);

    private static readonly ReservedRange OutsideGlobalUnicast = new(IPv6GlobalUnicast, "outside IPv6 global unicast 2000::/3 (RFC 4291)");

    /// <summary>The first reserved block that shares any address with <paramref name="address"/>, or null.</summary>
    public static ReservedRange? FindOverlap(BanAddress address)
    {
        // Called for every report: plain integer comparisons on precomputed spans (families never overlap).
        var span = AddressSpan.Of(address);
        ReservedRange? widest = null;
        foreach (var range in All)
        {
            if (range.Span.Overlaps(span))
            {
                // Prefer the narrowest named block (2001:db8::/32 over 2001::/23) for a precise reason.
                if (widest is null || range.Network.Cidr > widest.Network.Cidr)
                {
                    widest = range;
                }
            }
        }

        if (widest is null && !address.IsIPv4 && !GlobalUnicastSpan.Covers(span))
        {
            return OutsideGlobalUnicast;
        }

        return widest;
    }

    private static ReservedRange R(string cidr, string name) => new(IPNetwork2.Parse(cidr), name);
}
