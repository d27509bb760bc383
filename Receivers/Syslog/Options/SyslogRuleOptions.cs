using System.ComponentModel.DataAnnotations;
using FirewallGateway.Core.Options;

namespace FirewallGateway.Receivers.Syslog;

/// <summary>One detection rule (<c>Receivers:Syslog:Rules:&lt;name&gt;</c>).</summary>
public sealed class SyslogRuleOptions
{
    /// <summary>Whether the rule runs. Default true; false switches a built-in rule off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A .NET regular expression matched against the message text (after the syslog header), with a named group
    /// <c>address</c> (or the fail2ban-style token <c>&lt;HOST&gt;</c>) and optionally <c>user</c>. Runs with the
    /// non-backtracking engine. Required for operator rules; not allowed for built-in rule names.
    /// </summary>
    public string? Pattern { get; set; }

    /// <summary>
    /// Program names (syslog tag / APP-NAME) or MikroTik topics the rule applies to; empty means any message.
    /// </summary>
    public List<string> Programs { get; set; } = [];

    /// <summary>
    /// Literal texts of which at least one must occur in the message before the pattern runs (a cheap
    /// prefilter). Default empty: the pattern runs on every message of the listed programs.
    /// </summary>
    public List<string> Prefilter { get; set; } = [];

    /// <summary>Failures within <see cref="FindTime"/> that trigger a ban. Default 5 (built-ins keep theirs); 1 to 100.</summary>
    [Range(1, 100)]
    public int? MaxRetry { get; set; }

    /// <summary>The sliding window failures are counted in. Default 00:10:00; 00:00:01 to 7.00:00:00.</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan? FindTime { get; set; }

    /// <summary>
    /// For an imported fail2ban filter (<c>f2b-&lt;name&gt;</c>) only: its <c>mode</c> (sshd: normal, ddos, extra,
    /// aggressive). Default: the filter's own default.
    /// </summary>
    [RegularExpression("^[a-z][a-z0-9_-]{0,31}$")]
    public string? Mode { get; set; }

    /// <summary>The ban duration asked of the core (policy has the last word). Default: the policy's default duration.</summary>
    [TimeSpanRange("00:00:01", "3650.00:00:00")]
    public TimeSpan? BanTime { get; set; }
}
