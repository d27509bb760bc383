using FirewallGateway.Snmp;
using FirewallGateway.Snmp.Client;

namespace FirewallGateway.TargetSnmp;

/// <summary>
/// <c>Targets:&lt;name&gt;:Snmp</c>: poll a target's SNMP agent for health and reboots (docs/CONFIG.md). Present =
/// on. Holds secrets (community, passwords): never logged, never shown by the API.
/// </summary>
public sealed class TargetSnmpOptions
{
    public const string SectionName = "Snmp";

    /// <summary>The agent's address or DNS name. Default: the target's own host.</summary>
    public string Host { get; set; } = "";

    /// <summary>UDP port of the agent. Default 161.</summary>
    public int Port { get; set; } = 161;

    /// <summary><c>v2c</c> or <c>v3</c>. Required.</summary>
    public SnmpVersion Version { get; set; }

    /// <summary>v2c community. Required for v2c.</summary>
    public string? Community { get; set; }

    /// <summary>v3 USM user name. Required for v3.</summary>
    public string? User { get; set; }

    /// <summary>v3: <c>SHA1</c> (RouterOS "SHA1") or <c>SHA256</c>. Required for v3.</summary>
    public AuthProtocol AuthProtocol { get; set; }

    /// <summary>v3 authentication password, at least 8 characters.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>v3: <c>AES</c> (AES-128, RouterOS "AES") or <c>None</c> (authNoPriv). Default AES.</summary>
    public PrivProtocol PrivProtocol { get; set; } = PrivProtocol.Aes128;

    /// <summary>v3 privacy password, at least 8 characters; required with AES.</summary>
    public string? PrivPassword { get; set; }

    /// <summary>Time between polls. Default 1 min; 1 s – 1 h. A reboot is seen at most this late.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait for each answer. Default 2 s; 100 ms – 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Resends after a timeout. Default 1; 0 – 5.</summary>
    public int Retries { get; set; } = 1;
}
