namespace FirewallGateway.Snmp;

/// <summary>The PDU types, valued as their BER context tags (RFC 3416 3).</summary>
public enum PduType
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    Response = 0xA2,
    SetRequest = 0xA3,

    /// <summary>The SNMPv1 Trap-PDU (RFC 1157): recognised so it can be rejected and counted, never decoded.</summary>
    V1Trap = 0xA4,
    GetBulkRequest = 0xA5,
    InformRequest = 0xA6,
    SNMPv2Trap = 0xA7,
    Report = 0xA8,
}
