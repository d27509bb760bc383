using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.Core.Addresses;

/// <summary>
/// A canonical IP address or CIDR block that can be banned. IPv4-mapped IPv6 is unwrapped to IPv4 (so a
/// ban on <c>::ffff:1.2.3.4</c> blocks IPv4 traffic), host bits are zeroed and the text form is canonical.
/// Parsing is strict: no zone ids, no whitespace, no shorthand IPv4 forms (<c>1.2.3</c>, octal, hex), so the
/// only strings that can ever reach nft, an SSH command or a router are the ones <see cref="ToString()"/> makes.
/// </summary>
public readonly record struct BanAddress : ISpanParsable<BanAddress>, ISpanFormattable, IComparable<BanAddress>
{
    private const int MaxTextLength = 64;

    private BanAddress(IPAddress network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address of the block (the address itself for a single address).</summary>
    public IPAddress Network { get; }

    /// <summary>The prefix length: 32 or 128 for a single address.</summary>
    public int PrefixLength { get; }

    /// <summary>True for IPv4 (after unwrapping v4-mapped IPv6).</summary>
    public bool IsIPv4 => Network.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>The number of bits of the family: 32 or 128.</summary>
    public int FamilyBits => IsIPv4 ? 32 : 128;

    /// <summary>True when the value is one address rather than a range.</summary>
    public bool IsSingleAddress => PrefixLength == FamilyBits;

    /// <summary>Makes a canonical value from an address, unwrapping v4-mapped IPv6; scope ids are refused.</summary>
    public static bool TryCreate(IPAddress address, int prefixLength, out BanAddress result) =>
        TryCreate(address, prefixLength, ownsAddress: false, out result);

    // ownsAddress: true when nobody else holds the address (it was just parsed), so a single address is kept as
    // it is. A caller's instance is always copied, since IPAddress.ScopeId can still be changed through it.
    private static bool TryCreate(IPAddress address, int prefixLength, bool ownsAddress, out BanAddress result)
    {
        ArgumentNullException.ThrowIfNull(address);
        result = default;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            if (prefixLength < 96 || prefixLength > 128)
            {
                return false;
            }

            address = address.MapToIPv4();
            prefixLength -= 96;
        }

        int bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || prefixLength < 0 || prefixLength > bits)
        {
            return false;
        }

        bool single = prefixLength == bits;
        result = new BanAddress(single && ownsAddress ? address : ZeroHostBits(address, prefixLength), prefixLength);
        return true;
    }

    /// <summary>A single address (IPv4-mapped IPv6 unwrapped).</summary>
    public static BanAddress FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return TryCreate(address, bits, out var result)
            ? result
            : throw new ArgumentException("Not an IPv4 or IPv6 address.", nameof(address));
    }

    public static BanAddress Parse(string s) => Parse(s, null);

    public static BanAddress Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    public static BanAddress Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var result)
            ? result
            : throw new FormatException("Not an IPv4/IPv6 address or CIDR block.");

    public static bool TryParse([NotNullWhen(true)] string? s, out BanAddress result) =>
        TryParse(s.AsSpan(), null, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out BanAddress result) =>
        TryParse(s.AsSpan(), provider, out result);

    public static bool TryParse(ReadOnlySpan<char> s, out BanAddress result) => TryParse(s, null, out result);

    /// <summary>Parses <c>address</c> or <c>address/prefix</c>; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out BanAddress result)
    {
        result = default;
        if (s.IsEmpty || s.Length > MaxTextLength)
        {
            return false;
        }

        int slash = s.IndexOf('/');
        ReadOnlySpan<char> addressText = slash < 0 ? s : s[..slash];
        int? prefix = null;
        if (slash >= 0)
        {
            ReadOnlySpan<char> prefixText = s[(slash + 1)..];
            if (prefixText.IsEmpty || prefixText.Length > 3 || (prefixText.Length > 1 && prefixText[0] == '0')
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out int p))
            {
                return false;
            }

            prefix = p;
        }

        IPAddress? address;
        if (addressText.Contains(':'))
        {
            // Only hex digits, colons and the dots of an embedded IPv4 tail: this refuses zone ids,
            // brackets, ports and whitespace before the framework parser sees the text.
            foreach (char c in addressText)
            {
                if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.'))
                {
                    return false;
                }
            }

            if (!IPAddress.TryParse(addressText, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (!TryParseDottedQuad(addressText, out address))
        {
            return false;
        }

        int bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return TryCreate(address, prefix ?? bits, ownsAddress: true, out result);
    }

    /// <summary>True when <paramref name="address"/> lies inside this block.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == Network.AddressFamily
            && ZeroHostBits(address, PrefixLength).Equals(Network);
    }

    /// <summary>True when the two blocks share at least one address.</summary>
    public bool Overlaps(BanAddress other) =>
        other.Network.AddressFamily == Network.AddressFamily
        && (PrefixLength <= other.PrefixLength ? Contains(other.Network) : other.Contains(Network));

    /// <summary>The canonical text: <c>1.2.3.4</c>, <c>10.0.0.0/8</c>, <c>2001:db8::/32</c>.</summary>
    public override string ToString() =>
        Network is null ? string.Empty
        : IsSingleAddress ? Network.ToString()
        : string.Create(CultureInfo.InvariantCulture, $"{Network}/{PrefixLength}");

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The text with an explicit prefix even for single addresses (<c>1.2.3.4/32</c>).</summary>
    public string ToCidrString() => string.Create(CultureInfo.InvariantCulture, $"{Network}/{PrefixLength}");

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!Network.TryFormat(destination, out charsWritten))
        {
            return false;
        }

        if (IsSingleAddress)
        {
            return true;
        }

        if (!destination[charsWritten..].TryWrite(CultureInfo.InvariantCulture, $"/{PrefixLength}", out int more))
        {
            charsWritten = 0;
            return false;
        }

        charsWritten += more;
        return true;
    }

    public int CompareTo(BanAddress other)
    {
        int family = ((int)Network.AddressFamily).CompareTo((int)other.Network.AddressFamily);
        if (family != 0)
        {
            return family;
        }

        Span<byte> mine = stackalloc byte[16];
        Span<byte> theirs = stackalloc byte[16];
        Network.TryWriteBytes(mine, out int length);
        other.Network.TryWriteBytes(theirs, out _);
        int bytes = mine[..length].SequenceCompareTo(theirs[..length]);
        return bytes != 0 ? bytes : PrefixLength.CompareTo(other.PrefixLength);
    }

    public static bool operator <(BanAddress left, BanAddress right) => left.CompareTo(right) < 0;

    public static bool operator <=(BanAddress left, BanAddress right) => left.CompareTo(right) <= 0;

    public static bool operator >(BanAddress left, BanAddress right) => left.CompareTo(right) > 0;

    public static bool operator >=(BanAddress left, BanAddress right) => left.CompareTo(right) >= 0;

    public bool Equals(BanAddress other) =>
        PrefixLength == other.PrefixLength && Equals(Network, other.Network);

    public override int GetHashCode() => HashCode.Combine(Network, PrefixLength);

    /// <summary>
    /// Four decimal octets without leading zeros, as a number (<c>1.2.3.4</c> is 0x01020304). The framework
    /// parser also accepts inet_aton forms (<c>1.2.3</c>, <c>0x7f.1</c>, <c>010.0.0.1</c>), which firewalls read
    /// differently; those are refused here. Never throws, never allocates.
    /// </summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        int octets = 0;
        foreach (Range part in text.Split('.'))
        {
            ReadOnlySpan<char> octet = text[part];
            if (octets == 4 || octet.IsEmpty || octet.Length > 3 || (octet.Length > 1 && octet[0] == '0'))
            {
                return false;
            }

            uint number = 0;
            foreach (char c in octet)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                number = (number * 10) + (uint)(c - '0');
            }

            if (number > 255)
            {
                return false;
            }

            value = (value << 8) | number;
            octets++;
        }

        return octets == 4;
    }

    private static bool TryParseDottedQuad(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (!TryParseIPv4(text, out uint value))
        {
            return false;
        }

        Span<byte> octets = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(octets, value);
        address = new IPAddress(octets);
        return true;
    }

    private static IPAddress ZeroHostBits(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int length);
        bytes = bytes[..length];
        for (int bit = prefixLength; bit < length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
