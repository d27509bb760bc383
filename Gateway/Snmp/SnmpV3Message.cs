namespace FirewallGateway.Snmp;

/// <summary>
/// An SNMPv3 message to encode (RFC 3412 6). <see cref="Flags"/> sets the security level; the keys passed to
/// <see cref="SnmpCodec.EncodeV3"/> must support it. The auth and priv parameters in <see cref="Security"/> are
/// ignored: the codec computes them.
/// </summary>
public sealed record SnmpV3Message(int MessageId, int MaxSize, SnmpV3Flags Flags, UsmSecurityParameters Security, ScopedPdu ScopedPdu)
{
    /// <summary>The largest message we accept and announce (msgMaxSize): one unfragmented UDP datagram.</summary>
    public const int DefaultMaxSize = 65507;
}
