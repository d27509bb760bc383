using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// The first and last address of a block as 16 big-endian bytes (IPv4 as v4-mapped IPv6), stored beside the
/// canonical text so "which rows cover this address" is a plain byte-range comparison in SQL.
/// </summary>
internal static class AddressRange
{
    public static byte[] Start(BanAddress address) => Bytes(address, fill: false);

    public static byte[] End(BanAddress address) => Bytes(address, fill: true);

    private static byte[] Bytes(BanAddress address, bool fill)
    {
        var network = address.IsIPv4 ? address.Network.MapToIPv6() : address.Network;
        var bytes = network.GetAddressBytes();
        int prefix = address.IsIPv4 ? address.PrefixLength + 96 : address.PrefixLength;
        if (fill)
        {
            for (int bit = prefix; bit < 128; bit++)
            {
                bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
        }

        return bytes;
    }

    public static BanAddress Parse(string text) =>
        BanAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidDataException($"the store holds '{text}', which is not a canonical address");
}
