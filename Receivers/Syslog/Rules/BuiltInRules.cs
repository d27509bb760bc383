using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>A built-in rule before configuration: its programs, prefilter literals, pattern and defaults.</summary>
internal sealed record BuiltInRule(string Name, string[] Programs, string[] Prefilter, Regex Pattern, string Description);

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
            "OpenSSH failures (fail2ban sshd filter, mode normal), sshd and sshd-session, IPv4/IPv6"),
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
            "dovecot",
            ["dovecot", "imap-login", "pop3-login", "auth", "auth-worker"],
            ["auth failed", "Password mismatch", "unknown user", "pam_authenticate() failed", "disabled", "disallowed"],
            BuiltInPatterns.Dovecot(),
            "dovecot login and auth backend failures"),
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
