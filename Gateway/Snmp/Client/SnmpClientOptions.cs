namespace FirewallGateway.Snmp.Client;

/// <summary>How long the client waits and how often it resends.</summary>
public sealed record SnmpClientOptions
{
    /// <summary>Wait for an answer to each send. Default 2 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Resends after the first try times out. Default 2 (three sends in all), as net-snmp's tools.</summary>
    public int Retries { get; init; } = 2;
}
