using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>The fail2ban HTTP receiver. Section <c>Receivers:Fail2ban</c>.</summary>
public sealed class Fail2banReceiverOptions
{
    public const string SectionName = "Receivers:Fail2ban";

    /// <summary>Whether <c>POST /api/v1/reports</c> is served. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest request body accepted, in bytes; larger gets 413. Default 65536; 1024 to 1048576.</summary>
    [Range(1024, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 65_536;

    /// <summary>Longest evidence (<c>matches</c>) kept per report, in characters; the rest is cut. Default 4000; 0 to 65536.</summary>
    [Range(0, 65_536)]
    public int MaxEvidenceLength { get; set; } = 4000;

    /// <summary>
    /// Whether a reporter may lift a decision it created itself. Default false: the gateway decides when a ban
    /// ends, so a fail2ban restart or an attacker holding a reporter's password cannot unban anything.
    /// </summary>
    public bool AllowReporterUnban { get; set; }
}
