using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>A built-in rule before configuration: its programs, prefilter literals, pattern and defaults.</summary>
internal sealed record BuiltInRule(string Name, string[] Programs, string[] Prefilter, Regex Pattern, string Description)
{
    /// <summary>sshd only: the connection lines <see cref="ConnectionTracker"/> reads (address-less failures and the lines that give their address).</summary>
    public ConnectionLines? Connections { get; init; }
}

/// <summary>
/// A rule's connection-tracking pattern (groups <c>address</c>, <c>failure</c>, <c>close</c>), the literals of the
/// lines that can start keeping a connection, and those of the lines that matter only for a connection already kept
/// (most connections close without anything to complete: their close line costs no regex).
/// </summary>
internal sealed record ConnectionLines(Regex Pattern, string[] Openers, string[] Closers)
{
    public int AddressGroup { get; } = Pattern.GroupNumberFromName("address");

    public int FailureGroup { get; } = Pattern.GroupNumberFromName("failure");

    public int CloseGroup { get; } = Pattern.GroupNumberFromName("close");
}

/// <summary>The rules the gateway ships; docs/RULES.md lists them.</summary>
internal static class BuiltInRules
{
    public static IReadOnlyList<BuiltInRule> All { get; } =
    [
        new(
            "sshd",
            ["sshd", "sshd-session"],
            ["Failed ", "uthentication ", "nvalid user ", "llegal user ", "User ", "LOGIN REFUSED", "refused connect", "Auth fail", "maximum authentication", "Disconnecting"],
            BuiltInPatterns.Sshd(),
            "OpenSSH failures (fail2ban sshd filter, mode normal), sshd and sshd-session, IPv4/IPv6")
        {
            Connections = new(
                BuiltInPatterns.SshdConnection(),
                Openers: ["Too many authentication failures", "account is locked", "Connection from ", "Failed publickey"],
                Closers: ["Connection closed", "Connection reset", "Disconnected from", "Received disconnect"]),
        },
        new(
            "sshd-pam",
            ["sshd", "sshd-session"],
            ["(sshd:auth): authentication failure"],
            BuiltInPatterns.SshdPam(),
            "pam_unix(sshd:auth) authentication failure with rhost="),
        new(
            "mikrotik-login",
            [],
            ["login failure for user "],
            BuiltInPatterns.MikroTikLogin(),
            "RouterOS login failure for user ... from ... via ..."),
        new(
            "mikrotik-ipsec",
            [],
            ["phase1 negotiation failed", "possible cause: wrong password", "failed to get valid proposal", "failed to pre-process ph1"],
            BuiltInPatterns.MikroTikIpsec(),
            "RouterOS IPsec phase-1 negotiation failures"),
        new(
            "postfix-sasl",
            ["postfix*"],
            ["authentication failed"],
            BuiltInPatterns.PostfixSasl(),
            "postfix smtpd SASL authentication failures"),
        new(
            "postfix-reject",
            ["postfix*"],
            ["reject: ", "improper command pipelining", "too many errors"],
            BuiltInPatterns.PostfixReject(),
            "postfix rejects (relay, helo, sender, unknown user, RBL), pipelining and too many errors (fail2ban postfix filter, default mode)"),
        new(
            "dovecot",
            ["dovecot", "dovecot-auth", "imap-login", "pop3-login", "submission-login", "managesieve-login", "auth", "auth-worker"],
            ["auth failed", "assword mismatch", "nknown user", "nvalid credentials", "pam_authenticate() failed", "disabled", "disallowed"],
            BuiltInPatterns.Dovecot(),
            "dovecot login and auth backend failures (fail2ban dovecot filter, mode normal)"),
        new(
            "dovecot-pam",
            ["dovecot", "dovecot-auth", "auth", "auth-worker"],
            ["(dovecot:auth): authentication failure"],
            BuiltInPatterns.DovecotPam(),
            "pam_unix(dovecot:auth) authentication failure with rhost="),
        new(
            "nginx-basic-auth",
            ["nginx"],
            ["password mismatch", "was not found in"],
            BuiltInPatterns.NginxBasicAuth(),
            "nginx basic-auth failures (error log)"),
    ];

    public static BuiltInRule? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
