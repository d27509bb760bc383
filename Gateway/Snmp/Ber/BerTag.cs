namespace FirewallGateway.Snmp.Ber;

/// <summary>The single-byte BER tags SNMP uses (X.690, RFC 2578, RFC 3416).</summary>
internal static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;
    public const byte Sequence = 0x30;

    /// <summary>Bit 5 of a tag: the content is itself a series of TLVs.</summary>
    public const byte ConstructedBit = 0x20;

    /// <summary>Low five bits all set: a multi-byte tag number follows, which SNMP never uses.</summary>
    public const byte HighTagNumberForm = 0x1F;
}
