namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>The gateway's data folder (<c>Gateway:DataDirectory</c>), where the receiver keeps its engine ID and boots.</summary>
internal sealed record SnmpTrapDataDirectory(string Path);
