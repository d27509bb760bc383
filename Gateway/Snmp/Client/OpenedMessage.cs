namespace FirewallGateway.Snmp.Client;

/// <summary>A v3 answer that passed USM: the envelope (for boots and time) and its plaintext ScopedPDU.</summary>
internal sealed record OpenedMessage(SnmpV3Envelope Envelope, ScopedPdu Scoped);
