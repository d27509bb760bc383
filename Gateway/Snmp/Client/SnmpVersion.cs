namespace FirewallGateway.Snmp.Client;

/// <summary>The protocol versions the client speaks.</summary>
public enum SnmpVersion
{
    /// <summary>Community-based SNMPv2c (RFC 1901).</summary>
    V2c,

    /// <summary>SNMPv3 with USM (RFC 3414).</summary>
    V3,
}
