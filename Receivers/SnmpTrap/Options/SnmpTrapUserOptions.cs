using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.SnmpTrap;

/// <summary>One SNMPv3 user (<c>Receivers:SnmpTrap:Users:&lt;n&gt;</c>); authentication is always required.</summary>
public sealed class SnmpTrapUserOptions
{
    /// <summary>The USM user name (1 to 32 characters).</summary>
    [Required]
    [StringLength(32, MinimumLength = 1)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Authentication protocol: <c>SHA</c> (HMAC-SHA-96, the default).</summary>
    public string AuthProtocol { get; set; } = "SHA";

    /// <summary>Authentication pass phrase; at least 8 characters (RFC 3414).</summary>
    [Required]
    [StringLength(256, MinimumLength = 8)]
    public string AuthPassword { get; set; } = string.Empty;

    /// <summary>Privacy protocol: <c>AES</c> (AES-128-CFB) or <c>None</c>. Default <c>AES</c>: packets must then be encrypted.</summary>
    public string PrivProtocol { get; set; } = "AES";

    /// <summary>Privacy pass phrase; at least 8 characters. Required with <c>AES</c>.</summary>
    [StringLength(256, MinimumLength = 8)]
    public string? PrivPassword { get; set; }

    /// <summary>
    /// The trap sender's snmpEngineID in hex (a trap's sender is authoritative, so its keys are localised with its
    /// engine ID, as net-snmp's <c>createUser -e</c>). Without it this user may send informs only.
    /// </summary>
    public string? EngineId { get; set; }
}
