using System.Net;

namespace FirewallGateway.Core.Addresses;

/// <summary>Conversions between <see cref="BanAddress"/> and IPNetwork2.</summary>
public static class BanAddressExtensions
{
    /// <summary>The same block as an <see cref="IPNetwork2"/>.</summary>
    public static IPNetwork2 ToIPNetwork2(this BanAddress address) => new(address.Network, (byte)address.PrefixLength);
}
