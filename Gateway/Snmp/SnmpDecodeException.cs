namespace FirewallGateway.Snmp;

/// <summary>Why a packet could not be decoded; lets a receiver count rejects by kind.</summary>
public enum SnmpDecodeError
{
    /// <summary>Bad BER: length overrun, wrong tag, oversize integer, bad OID, trailing bytes.</summary>
    Malformed,

    /// <summary>A well-formed message of a version we do not speak (SNMPv1, or unknown).</summary>
    UnsupportedVersion,

    /// <summary>A well-formed PDU of a type we do not handle (the SNMPv1 Trap-PDU, 0xA4).</summary>
    UnsupportedPdu,

    /// <summary>A v3 message whose security model is not USM (3).</summary>
    UnsupportedSecurityModel,
}

/// <summary>
/// The only exception <see cref="SnmpCodec.Decode"/> throws: whatever the bytes, a caller catching this one type
/// is safe from malformed or hostile packets.
/// </summary>
public sealed class SnmpDecodeException : Exception
{
    public SnmpDecodeException()
        : this(SnmpDecodeError.Malformed, "malformed SNMP packet")
    {
    }

    public SnmpDecodeException(string message)
        : this(SnmpDecodeError.Malformed, message)
    {
    }

    public SnmpDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = SnmpDecodeError.Malformed;
    }

    public SnmpDecodeException(SnmpDecodeError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The kind of failure, for counting.</summary>
    public SnmpDecodeError Error { get; }
}
