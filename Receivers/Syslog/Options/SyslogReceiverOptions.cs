using System.ComponentModel.DataAnnotations;
using FirewallGateway.Core.Options;

namespace FirewallGateway.Receivers.Syslog;

/// <summary>The syslog receiver: UDP/TCP listeners and detection rules. Section <c>Receivers:Syslog</c>.</summary>
public sealed class SyslogReceiverOptions
{
    public const string SectionName = "Receivers:Syslog";

    /// <summary>Whether the listeners run. Default false: an operator opts in, so no port is bound by surprise.</summary>
    public bool Enabled { get; set; }

    /// <summary>The UDP listener. Default enabled on 127.0.0.1:514.</summary>
    public SyslogEndpointOptions Udp { get; set; } = new();

    /// <summary>The TCP listener (RFC 6587 octet counting and LF framing). Default enabled on 127.0.0.1:514.</summary>
    public SyslogEndpointOptions Tcp { get; set; } = new();

    /// <summary>
    /// Addresses or CIDR blocks that may send syslog (UDP sources are trivially spoofed, so keep this narrow).
    /// Default empty, which means loopback only (127.0.0.0/8 and ::1). Anything else is dropped and counted.
    /// </summary>
    public List<string> AllowedSenders { get; set; } = [];

    /// <summary>Largest message accepted, in bytes; larger datagrams and frames are rejected. Default 8192; 480 to 65535.</summary>
    [Range(480, 65_535)]
    public int MaxMessageBytes { get; set; } = 8192;

    /// <summary>Messages waiting for the detection worker; when full, new messages are dropped and counted. Default 65536; 1024 to 4194304.</summary>
    [Range(1024, 4_194_304)]
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Bans waiting to be submitted to the core; when full, bans are dropped and counted. Default 4096; 16 to 1048576.</summary>
    [Range(16, 1_048_576)]
    public int ReportQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Distinct addresses whose failures are remembered per rule; at the cap the least recently seen address is
    /// forgotten, so a flood of spoofed or random addresses cannot grow memory. Default 100000; 1000 to 10000000.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxTrackedAddresses { get; set; } = 100_000;

    /// <summary>Open TCP connections accepted at once; more are closed and counted. Default 256; 1 to 65536.</summary>
    [Range(1, 65_536)]
    public int MaxTcpConnections { get; set; } = 256;

    /// <summary>
    /// Open TCP connections accepted at once from one sender address; more are closed and counted, so one host
    /// cannot take every slot from the others. Default 16; 1 to 65536.
    /// </summary>
    [Range(1, 65_536)]
    public int MaxTcpConnectionsPerSender { get; set; } = 16;

    /// <summary>A TCP connection that sends nothing for this long is closed and counted. Default 5 min; 1 s to 1 day.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest evidence (the matched line) kept per report, in characters. Default 1000; 0 to 8192.</summary>
    [Range(0, 8192)]
    public int MaxEvidenceLength { get; set; } = 1000;

    /// <summary>
    /// Detection rules by name. A name of a built-in rule (sshd, sshd-pam, mikrotik-login, mikrotik-ipsec,
    /// postfix-sasl, dovecot, nginx-basic-auth) without a Pattern tunes or disables that rule; any other name
    /// needs a Pattern and adds an operator rule. See docs/RULES.md.
    /// </summary>
    public Dictionary<string, SyslogRuleOptions> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// fail2ban filter files, or folders of them (every <c>*.conf</c>), to run as detection rules named
    /// <c>f2b-&lt;file name&gt;</c> (e.g. <c>/etc/fail2ban/filter.d/sshd.conf</c> → <c>f2b-sshd</c>), tuned under
    /// <c>Rules:f2b-&lt;name&gt;</c> like built-in rules. Default empty. See docs/RULES.md.
    /// </summary>
    public List<string> Fail2banFilters { get; set; } = [];
}
