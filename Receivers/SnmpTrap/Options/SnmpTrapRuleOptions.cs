using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.SnmpTrap;

/// <summary>One rule (<c>Receivers:SnmpTrap:Rules:&lt;name&gt;</c>): a trap OID and the varbind holding the attacker address.</summary>
public sealed class SnmpTrapRuleOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The trap's snmpTrapOID.0 value, dotted (<c>1.3.6.1.4.1.9.9.599.0.4</c>); ending in <c>.*</c> it matches every
    /// trap under that prefix (<c>1.3.6.1.4.1.25461.2.1.3.2.*</c>). Required.
    /// </summary>
    public string? TrapOid { get; set; }

    /// <summary>
    /// The varbind whose value is the attacker address (an IpAddress, or an OctetString holding an address as text
    /// or as 4/16 raw octets), dotted; ending in <c>.*</c> the first varbind under that prefix is taken (tables
    /// add an index after the column OID). Required.
    /// </summary>
    public string? AddressOid { get; set; }

    /// <summary>Traps within <see cref="FindTime"/> that trigger a ban. Default 1 (an IPS trap is already a verdict); 1 to 100.</summary>
    [Range(1, 100)]
    public int MaxRetry { get; set; } = 1;

    /// <summary>The sliding window traps are counted in. Default 00:10:00; 00:00:01 to 7.00:00:00.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FindTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The ban duration asked of the core (policy has the last word). Default: the policy's default duration.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan? BanTime { get; set; }
}
