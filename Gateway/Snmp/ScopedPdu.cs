using System.Text;

namespace FirewallGateway.Snmp;

/// <summary>ScopedPDU (RFC 3412 6.8): the context the PDU is about, and the PDU.</summary>
public sealed record ScopedPdu(ReadOnlyMemory<byte> ContextEngineId, string ContextName, Pdu Pdu)
{
    /// <summary>The default context ("") of the engine <paramref name="contextEngineId"/>.</summary>
    public ScopedPdu(ReadOnlyMemory<byte> contextEngineId, Pdu pdu)
        : this(contextEngineId, "", pdu)
    {
    }

    internal static string DecodeName(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
