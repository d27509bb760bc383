namespace FirewallGateway.Snmp;

/// <summary>The SMIv2 types a varbind value can have (RFC 3416 3), with their BER tags as values.</summary>
public enum SnmpValueKind
{
    Integer32 = 0x02,
    OctetString = 0x04,
    Null = 0x05,
    ObjectIdentifier = 0x06,
    IpAddress = 0x40,
    Counter32 = 0x41,
    Gauge32 = 0x42,
    TimeTicks = 0x43,
    Opaque = 0x44,
    Counter64 = 0x46,

    /// <summary>RFC 3416 exception: no such object at this OID.</summary>
    NoSuchObject = 0x80,

    /// <summary>RFC 3416 exception: the object exists but not this instance.</summary>
    NoSuchInstance = 0x81,

    /// <summary>RFC 3416 exception: a GetNext/GetBulk walked past the last OID.</summary>
    EndOfMibView = 0x82,
}
