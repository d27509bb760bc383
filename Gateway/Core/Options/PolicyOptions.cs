using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Core.Options;

/// <summary>How reports become decisions. Section <c>Policy</c>.</summary>
public sealed class PolicyOptions
{
    public const string SectionName = "Policy";

    /// <summary>Ban length for a first offence when the reporter sends none. Default 4 hours; 1 minute to 365 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DefaultBanDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Each earlier decision for the same address within <see cref="EscalationWindow"/> multiplies the duration by
    /// this factor. Default 2; 1 (no escalation) to 100.
    /// </summary>
    [Range(1.0, 100.0)]
    public double EscalationFactor { get; set; } = 2.0;

    /// <summary>How far back earlier decisions count for escalation. Default 30 days; 0 to 3650 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan EscalationWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>No decision lasts longer than this, escalated or requested. Default 30 days; 1 minute to 3650 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaximumBanDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>No decision is shorter than this, whatever a reporter asks. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinimumBanDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The widest IPv4 block one decision may cover. Default /16; 1 to 32.</summary>
    [Range(1, 32)]
    public int MinimumIPv4Prefix { get; set; } = 16;

    /// <summary>The widest IPv6 block one decision may cover. Default /32; 1 to 128.</summary>
    [Range(1, 128)]
    public int MinimumIPv6Prefix { get; set; } = 32;

    /// <summary>
    /// A single IPv6 attacker reported by a receiver is banned as its covering /N block, since attackers rotate
    /// addresses inside the prefix their provider gives them. Default 128 (off): a /64 is a whole LAN segment, and
    /// on campus, office and some VPS networks many unrelated hosts share one, so widening is the operator's choice
    /// (64 is the usual one). Never wider than <see cref="MinimumIPv6Prefix"/>; operator bans are never widened.
    /// </summary>
    [Range(1, 128)]
    public int IPv6BanPrefix { get; set; } = 128;

    /// <summary>
    /// A decision reaches every target only once this many distinct reporters saw the address; until then only the
    /// targets of the reporting servers (registered servers that are also targets) hold it. Default 1 (off); 1 to 100.
    /// </summary>
    [Range(1, 100)]
    public int CorroboratingReporters { get; set; } = 1;

    /// <summary>
    /// The most entries each named target may hold (key: target name; 1 to 10,000,000). Over budget a target keeps
    /// the most valuable decisions and the rest are withheld, never dropped (see <c>TargetBudgets</c>).
    /// </summary>
    public IDictionary<string, int> TargetMaxEntries { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Targets that receive a covering range instead of many banned addresses of one prefix (off by default; see
    /// <see cref="RangeFoldingOptions"/>). Folding comes before <see cref="TargetMaxEntries"/>: a folded range is one entry.
    /// </summary>
    public RangeFoldingOptions RangeFolding { get; } = new();

    /// <summary>
    /// Reporters whose reports about an address the gateway already bans are stored as "echo" and never extend or
    /// escalate the decision: a central firewall that both receives the gateway's bans and reports its own.
    /// </summary>
    public IList<string> EchoReporters { get; } = [];

    /// <summary>
    /// How often host names the gateway depends on (targets, PostgreSQL, SMTP relay given as DNS names) are
    /// resolved again for self-protection. Default 5 minutes; 10 seconds to 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ProtectedHostRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Addresses never banned, in addition to the stored allow-list; put the gateway's own addresses here.</summary>
    public IList<AllowListItemOptions> AllowList { get; } = [];
}
