using System.Buffers.Binary;
using System.Net;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// One host address as a single 128-bit number, the failure windows' key. IPv4 is kept in its v4-mapped IPv6
/// form (<c>::ffff:a.b.c.d</c>), which never names a real IPv6 host here because <see cref="BanAddress"/> unwraps
/// those to IPv4. Most matches only count a failure: parsing to this number needs no <see cref="IPAddress"/>
/// object, and hashing and comparing it is two integer operations. The <see cref="BanAddress"/> is made only
/// when someone asks (a ban, a report line).
/// </summary>
internal readonly record struct HostKey(UInt128 Value)
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public bool IsIPv4 => (Value >> 32) == 0xFFFF;

    /// <summary>One address (never a block), with the same rules as <see cref="BanAddress.TryParse(ReadOnlySpan{char}, out BanAddress)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out HostKey key)
    {
        if (!text.Contains(':'))
        {
            bool ok = BanAddress.TryParseIPv4(text, out uint value);
            key = ok ? new HostKey(MappedPrefix | value) : default;
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

        var span = AddressSpan.Of(address);
        return new HostKey(span.IsIPv4 ? MappedPrefix | span.First : span.First);
    }

    public BanAddress ToBanAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(Value & uint.MaxValue));
            return BanAddress.FromAddress(new IPAddress(bytes[..4]));
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return BanAddress.FromAddress(new IPAddress(bytes));
    }

    public override string ToString() => ToBanAddress().ToString();
}
