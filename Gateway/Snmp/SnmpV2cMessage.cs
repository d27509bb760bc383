using System.Text;

namespace FirewallGateway.Snmp;

/// <summary>A community-based SNMPv2c message (RFC 1901): version 1 on the wire, a community and one PDU.</summary>
public sealed record SnmpV2cMessage(ReadOnlyMemory<byte> Community, Pdu Pdu) : SnmpMessage
{
    /// <summary>A message whose community is <paramref name="community"/> in UTF-8.</summary>
    public SnmpV2cMessage(string community, Pdu pdu)
        : this(Encoding.UTF8.GetBytes(community), pdu)
    {
    }

    /// <summary>The community as text, for logs; compare <see cref="Community"/> bytes to authorise.</summary>
    public string CommunityText => Encoding.UTF8.GetString(Community.Span);
}
