using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.SnmpTrap;

/// <summary>The SNMP trap receiver: v2c and v3 traps and informs mapped to attacker addresses. Section <c>Receivers:SnmpTrap</c>.</summary>
public sealed class SnmpTrapReceiverOptions
{
    public const string SectionName = "Receivers:SnmpTrap";

    /// <summary>Whether the listener runs. Default false: an operator opts in, so no port is bound by surprise.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The UDP address and port to listen on. Default <c>[::]:162</c> (IPv6 and IPv4); <c>0.0.0.0:162</c> listens on
    /// IPv4 only, <c>127.0.0.1:1162</c> on loopback. Port 0 lets the system choose (the bound port is logged).
    /// </summary>
    public string Listen { get; set; } = "[::]:162";

    /// <summary>
    /// Addresses or CIDR blocks that may send traps (UDP sources are trivially spoofed, so keep this narrow).
    /// Default empty, which means loopback only (127.0.0.0/8 and ::1). Anything else is dropped, counted and
    /// never answered (no Report or Response goes to a sender outside this list).
    /// </summary>
    public List<string> AllowedSenders { get; set; } = [];

    /// <summary>SNMPv2c communities accepted. Default empty: v2c packets are refused and counted.</summary>
    public List<string> Communities { get; set; } = [];

    /// <summary>SNMPv3 users (USM). Default empty: v3 packets are refused and counted.</summary>
    public List<SnmpTrapUserOptions> Users { get; set; } = [];

    /// <summary>
    /// This receiver's own snmpEngineID in hex (5 to 32 octets), used when it is authoritative (v3 informs).
    /// Default empty: one is made at first start and kept in <c>&lt;Gateway:DataDirectory&gt;/snmp-engine</c>
    /// with the boot counter.
    /// </summary>
    public string? EngineId { get; set; }

    /// <summary>Rules by name: which trap carries an attacker address in which varbind. See docs/operations/snmp-traps.md.</summary>
    public Dictionary<string, SnmpTrapRuleOptions> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Distinct addresses whose traps are remembered per rule; at the cap the least recently seen address is
    /// forgotten. Default 100000; 1000 to 10000000.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxTrackedAddresses { get; set; } = 100_000;

    /// <summary>Bans waiting to be submitted to the core; when full, bans are dropped and counted. Default 4096; 16 to 1048576.</summary>
    [Range(16, 1_048_576)]
    public int ReportQueueCapacity { get; set; } = 4096;
}
