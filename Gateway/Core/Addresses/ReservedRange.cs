using System.Net;

namespace FirewallGateway.Core.Addresses;

/// <summary>One IANA special-purpose block that is never banned, with the name used in refusals.</summary>
public sealed record ReservedRange(IPNetwork2 Network, string Name)
{
    /// <summary>The block as numbers, for the per-report check.</summary>
    public AddressSpan Span { get; } = AddressSpan.Of(Network.Network, Network.Cidr);

    /// <summary>The block in CIDR notation, for messages.</summary>
    public string Cidr => Network.ToString();
}
