using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// What every receiver hands to the core: one attacker address with its provenance. Receivers fill what they
/// know; the core stores every report as it came, whatever the decision.
/// </summary>
/// <param name="Address">The parsed, canonical address or block.</param>
/// <param name="Reporter">The authenticated reporter (credential name) or the syslog sender / operator name.</param>
/// <param name="Source">The receiver kind.</param>
/// <param name="Reason">Free text: jail name, rule name, Graylog event title.</param>
/// <param name="RequestedDuration">The reporter's own ban time, if it sent one; policy has the last word.</param>
/// <param name="ObservedAt">When the gateway received the report.</param>
public sealed record BanReport(
    BanAddress Address,
    string Reporter,
    ReportSource Source,
    string Reason,
    TimeSpan? RequestedDuration,
    DateTimeOffset ObservedAt)
{
    /// <summary>The host that saw the attack (fail2ban host, Graylog source, syslog hostname).</summary>
    public string? Host { get; init; }

    /// <summary>The jail, rule or event definition that fired.</summary>
    public string? Rule { get; init; }

    /// <summary>The attacked protocol (tcp, udp), when known.</summary>
    public string? Protocol { get; init; }

    /// <summary>The attacked port or ports as text (fail2ban sends "ssh" or "22,2222").</summary>
    public string? Port { get; init; }

    /// <summary>The failures the reporter counted before it reported.</summary>
    public int? Failures { get; init; }

    /// <summary>Log lines or the alert text that justify the report, truncated by the receiver.</summary>
    public string? Evidence { get; init; }

    /// <summary>A receiver-side idempotency key (Graylog event id): a report with a key already stored is not counted again.</summary>
    public string? DeduplicationKey { get; init; }
}
