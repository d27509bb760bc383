using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.Snmp;

/// <summary>
/// One varbind value: a <see cref="Kind"/> and its payload (a number, bytes or an OID). Immutable; byte payloads
/// are copied in and out so no caller can change a value another holds.
/// </summary>
public sealed class SnmpValue : IEquatable<SnmpValue>
{
    private readonly ulong _number;
    private readonly byte[] _bytes;
    private readonly Oid _oid;

    private SnmpValue(SnmpValueKind kind, ulong number = 0, byte[]? bytes = null, Oid oid = default)
    {
        Kind = kind;
        _number = number;
        _bytes = bytes ?? [];
        _oid = oid;
    }

    public static SnmpValue Null { get; } = new(SnmpValueKind.Null);

    public static SnmpValue NoSuchObject { get; } = new(SnmpValueKind.NoSuchObject);

    public static SnmpValue NoSuchInstance { get; } = new(SnmpValueKind.NoSuchInstance);

    public static SnmpValue EndOfMibView { get; } = new(SnmpValueKind.EndOfMibView);

    public SnmpValueKind Kind { get; }

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView: the agent had no value to give.</summary>
    public bool IsException => Kind is SnmpValueKind.NoSuchObject or SnmpValueKind.NoSuchInstance or SnmpValueKind.EndOfMibView;

    public static SnmpValue Integer32(int value) => new(SnmpValueKind.Integer32, unchecked((ulong)value));

    public static SnmpValue OctetString(ReadOnlySpan<byte> value) => new(SnmpValueKind.OctetString, bytes: value.ToArray());

    /// <summary>An OCTET STRING holding <paramref name="value"/> as UTF-8 (DisplayString is ASCII, a subset).</summary>
    public static SnmpValue OctetString(string value) => new(SnmpValueKind.OctetString, bytes: Encoding.UTF8.GetBytes(value));

    public static SnmpValue ObjectIdentifier(Oid value) => new(SnmpValueKind.ObjectIdentifier, oid: value);

    /// <summary>An IpAddress: IPv4 only, as SMIv2 defines it.</summary>
    public static SnmpValue IpAddress(IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("the SNMP IpAddress type holds IPv4 addresses only", nameof(value));
        }

        return new(SnmpValueKind.IpAddress, bytes: value.GetAddressBytes());
    }

    public static SnmpValue Counter32(uint value) => new(SnmpValueKind.Counter32, value);

    public static SnmpValue Gauge32(uint value) => new(SnmpValueKind.Gauge32, value);

    /// <summary>Hundredths of a second.</summary>
    public static SnmpValue TimeTicks(uint value) => new(SnmpValueKind.TimeTicks, value);

    public static SnmpValue Opaque(ReadOnlySpan<byte> value) => new(SnmpValueKind.Opaque, bytes: value.ToArray());

    public static SnmpValue Counter64(ulong value) => new(SnmpValueKind.Counter64, value);

    public int AsInt32() => Kind == SnmpValueKind.Integer32 ? unchecked((int)_number) : throw WrongKind("an Integer32");

    /// <summary>The value of a Counter32, Gauge32 or TimeTicks.</summary>
    public uint AsUInt32() => Kind is SnmpValueKind.Counter32 or SnmpValueKind.Gauge32 or SnmpValueKind.TimeTicks
        ? (uint)_number
        : throw WrongKind("a Counter32, Gauge32 or TimeTicks");

    /// <summary>The value of a Counter64, or of any unsigned 32-bit kind widened.</summary>
    public ulong AsUInt64() => Kind == SnmpValueKind.Counter64 ? _number : AsUInt32();

    /// <summary>The TimeTicks value as a duration.</summary>
    public TimeSpan AsTimeSpan() => Kind == SnmpValueKind.TimeTicks
        ? TimeSpan.FromMilliseconds(_number * 10.0)
        : throw WrongKind("a TimeTicks");

    /// <summary>A copy of the bytes of an OctetString, Opaque or IpAddress.</summary>
    public byte[] AsBytes() => Kind is SnmpValueKind.OctetString or SnmpValueKind.Opaque or SnmpValueKind.IpAddress
        ? (byte[])_bytes.Clone()
        : throw WrongKind("an OctetString, Opaque or IpAddress");

    /// <summary>An OctetString as text (UTF-8; invalid bytes become U+FFFD, as for a DisplayString).</summary>
    public string AsString() => Kind == SnmpValueKind.OctetString
        ? Encoding.UTF8.GetString(_bytes)
        : throw WrongKind("an OctetString");

    public Oid AsOid() => Kind == SnmpValueKind.ObjectIdentifier ? _oid : throw WrongKind("an ObjectIdentifier");

    public IPAddress AsIpAddress() => Kind == SnmpValueKind.IpAddress ? new IPAddress(_bytes) : throw WrongKind("an IpAddress");

    /// <summary>The raw payload bytes without copying, for the encoder.</summary>
    internal ReadOnlySpan<byte> RawBytes => _bytes;

    /// <summary>The raw number without kind checks, for the encoder.</summary>
    internal ulong RawNumber => _number;

    internal Oid RawOid => _oid;

    public bool Equals(SnmpValue? other) =>
        other is not null && Kind == other.Kind && _number == other._number
        && _bytes.AsSpan().SequenceEqual(other._bytes) && _oid.Equals(other._oid);

    public override bool Equals(object? obj) => Equals(obj as SnmpValue);

    public override int GetHashCode() => HashCode.Combine(Kind, _number, _bytes.Length, _oid);

    /// <summary>Roughly how net-snmp's tools print values, for logs and the CLI.</summary>
    public override string ToString() => Kind switch
    {
        SnmpValueKind.Integer32 => AsInt32().ToString(CultureInfo.InvariantCulture),
        SnmpValueKind.OctetString => AsString(),
        SnmpValueKind.Null => "null",
        SnmpValueKind.ObjectIdentifier => _oid.ToString(),
        SnmpValueKind.IpAddress => AsIpAddress().ToString(),
        SnmpValueKind.Opaque => Convert.ToHexString(_bytes),
        SnmpValueKind.NoSuchObject => "noSuchObject",
        SnmpValueKind.NoSuchInstance => "noSuchInstance",
        SnmpValueKind.EndOfMibView => "endOfMibView",
        _ => _number.ToString(CultureInfo.InvariantCulture),
    };

    private InvalidOperationException WrongKind(string expected) => new($"the value is {Kind}, not {expected}");
}
