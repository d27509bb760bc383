using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// One host address as a 128-bit number (two 64-bit halves), the failure windows' key. IPv4 is kept in its
/// v4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>), which never names a real IPv6 host here because
/// <see cref="BanAddress"/> unwraps those to IPv4. Most matches only count a failure: parsing to this number needs
/// no <see cref="IPAddress"/> object, and hashing and comparing it is two integer operations. The
/// <see cref="BanAddress"/> is made only when someone asks (a ban, a report line).
/// Two <see cref="ulong"/> rather than one <see cref="UInt128"/>: ReadyToRun cannot precompile any method that
/// passes a <see cref="UInt128"/> (its calling convention may change between runtimes), and the detection loop
/// passes keys everywhere, so with <see cref="UInt128"/> the whole loop was JIT-compiled at every <c>rules test</c>.
/// </summary>
internal readonly record struct HostKey(ulong High, ulong Low)
{
    /// <summary>The high half of every v4-mapped address (<c>::ffff:0:0/96</c> keeps 0xFFFF in the low half's top).</summary>
    private const ulong MappedTag = 0xFFFFUL << 32;

    public bool IsIPv4 => High == 0 && (Low >> 32) == 0xFFFF;

    /// <summary>One address (never a block), with the same rules as <see cref="BanAddress.TryParse(ReadOnlySpan{char}, out BanAddress)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out HostKey key)
    {
        if (!text.Contains(':'))
        {
            bool ok = BanAddress.TryParseIPv4(text, out uint value);
            key = ok ? IPv4(value) : default;
            return ok;
        }

        // IPv6 (and ::ffff: forms, which BanAddress unwraps) take the full parser.
        if (!BanAddress.TryParse(text, out var address) || !address.IsSingleAddress)
        {
            key = default;
            return false;
        }

        key = From(address);
        return true;
    }

    /// <summary>The key of a single address.</summary>
    public static HostKey From(BanAddress address)
    {
        if (!address.IsSingleAddress)
        {
            throw new ArgumentException($"{address} is a block, not one address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.Network.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"cannot read the bytes of {address}", nameof(address));
        }

        return address.Network.AddressFamily == AddressFamily.InterNetwork
            ? IPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]))
            : new HostKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public BanAddress ToBanAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Low);
            return BanAddress.FromAddress(new IPAddress(bytes[..4]));
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return BanAddress.FromAddress(new IPAddress(bytes));
    }

    public override string ToString() => ToBanAddress().ToString();

    private static HostKey IPv4(uint value) => new(0, MappedTag | value);
}
