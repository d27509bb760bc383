using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.Core.Addresses;

/// <summary>
/// A block as its first and last address in one family, as numbers. Every report is checked against the reserved
/// blocks and the allow-list; comparing two pairs of integers does that without the allocations of
/// <see cref="IPNetwork2"/>'s BigInteger arithmetic or of masked <see cref="IPAddress"/> copies.
/// </summary>
public readonly record struct AddressSpan(bool IsIPv4, UInt128 First, UInt128 Last)
{
    /// <summary>The span of a canonical <see cref="BanAddress"/> (its host bits are already zero).</summary>
    public static AddressSpan Of(BanAddress address) => Of(address.Network, address.PrefixLength);

    /// <summary>The span of <paramref name="network"/>/<paramref name="prefixLength"/>; host bits are ignored.</summary>
    public static AddressSpan Of(IPAddress network, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool v4 = network.AddressFamily == AddressFamily.InterNetwork;
        int bits = v4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"must be 0 to {bits}");
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!network.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"cannot read the bytes of {network}", nameof(network));
        }

        UInt128 value = v4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes[..written])
            : BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        int hostBits = bits - prefixLength;
        UInt128 hostMask = hostBits == 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - hostBits);
        return new AddressSpan(v4, value & ~hostMask, value | hostMask);
    }

    /// <summary>True when the two blocks share at least one address (never across families).</summary>
    public bool Overlaps(AddressSpan other) => IsIPv4 == other.IsIPv4 && First <= other.Last && other.First <= Last;

    /// <summary>True when <paramref name="other"/> lies wholly inside this block.</summary>
    public bool Covers(AddressSpan other) => IsIPv4 == other.IsIPv4 && First <= other.First && other.Last <= Last;
}
