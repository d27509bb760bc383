using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>A built-in rule before configuration: its programs, prefilter literals, pattern and defaults.</summary>
internal sealed record BuiltInRule(string Name, string[] Programs, string[] Prefilter, Regex Pattern, string Description)
{
    /// <summary>A message text the pattern matches (the warm-up run, and a test that it still does).</summary>
    public required string Example { get; init; }

    /// <summary>sshd only: the connection lines <see cref="ConnectionTracker"/> reads (address-less failures and the lines that give their address).</summary>
    public ConnectionLines? Connections { get; init; }
}

/// <summary>
/// A rule's connection-tracking pattern (groups <c>address</c>, <c>failure</c>, <c>close</c>), the literals of the
/// lines that can start keeping a connection, and those of the lines that matter only for a connection already kept
/// (most connections close without anything to complete: their close line costs no regex).
/// </summary>
internal sealed record ConnectionLines(Regex Pattern, string[] Openers, string[] Closers, string Example)
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
            Example = "Failed password for root from 1.0.0.1 port 22 ssh2",
            Connections = new(
                BuiltInPatterns.SshdConnection(),
                Openers: ["Too many authentication failures", "account is locked", "Connection from ", "Failed publickey"],
                Closers: ["Connection closed", "Connection reset", "Disconnected from", "Received disconnect"],
                Example: "Connection closed by 1.0.0.1 port 22 [preauth]"),
        },
        new(
            "sshd-pam",
            ["sshd", "sshd-session"],
            ["(sshd:auth): authentication failure"],
            BuiltInPatterns.SshdPam(),
            "pam_unix(sshd:auth) authentication failure with rhost=")
        {
            Example = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.0.0.1  user=root",
        },
        new(
            "mikrotik-login",
            [],
            ["login failure for user "],
            BuiltInPatterns.MikroTikLogin(),
            "RouterOS login failure for user ... from ... via ...")
        {
            Example = "login failure for user admin from 1.0.0.1 via ssh",
        },
        new(
            "mikrotik-ipsec",
            [],
            ["phase1 negotiation failed", "possible cause: wrong password", "failed to get valid proposal", "failed to pre-process ph1"],
            BuiltInPatterns.MikroTikIpsec(),
            "RouterOS IPsec phase-1 negotiation failures")
        {
            Example = "1.0.0.1 failed to get valid proposal.",
        },
        new(
            "postfix-sasl",
            ["postfix*"],
            ["authentication failed"],
            BuiltInPatterns.PostfixSasl(),
            "postfix smtpd SASL authentication failures")
        {
            Example = "warning: unknown[1.0.0.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
        },
        new(
            "postfix-reject",
            ["postfix*"],
            ["reject: ", "improper command pipelining", "too many errors"],
            BuiltInPatterns.PostfixReject(),
            "postfix rejects (relay, helo, sender, unknown user, RBL), pipelining and too many errors (fail2ban postfix filter, default mode)")
        {
            Example = "NOQUEUE: reject: RCPT from unknown[1.0.0.1]: 554 5.7.1 <a@example.org>: Relay access denied; from=<b@example.org>",
        },
        new(
            "dovecot",
            ["dovecot", "dovecot-auth", "imap-login", "pop3-login", "submission-login", "managesieve-login", "auth", "auth-worker"],
            ["auth failed", "assword mismatch", "nknown user", "nvalid credentials", "pam_authenticate() failed", "disabled", "disallowed"],
            BuiltInPatterns.Dovecot(),
            "dovecot login and auth backend failures (fail2ban dovecot filter, mode normal)")
        {
            Example = "imap-login: Disconnected (auth failed, 1 attempts): user=<a>, method=PLAIN, rip=1.0.0.1, lip=10.0.0.2",
        },
        new(
            "dovecot-pam",
            ["dovecot", "dovecot-auth", "auth", "auth-worker"],
            ["(dovecot:auth): authentication failure"],
            BuiltInPatterns.DovecotPam(),
            "pam_unix(dovecot:auth) authentication failure with rhost=")
        {
            Example = "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=a rhost=1.0.0.1",
        },
        new(
            "nginx-basic-auth",
            ["nginx"],
            ["password mismatch", "was not found in"],
            BuiltInPatterns.NginxBasicAuth(),
            "nginx basic-auth failures (error log)")
        {
            Example = "[error] 1#1: *1 user \"a\": password mismatch, client: 1.0.0.1, server: web",
        },
    ];

    private static int _warm;

    /// <summary>
    /// Runs every built-in pattern once on its example, once per process. A generated regex's matcher is JIT-compiled
    /// on its first run, inside that run's 250 ms timeout: on a loaded machine the compile alone can hit it and the
    /// first failure line would be skipped. A timeout here is harmless (the next run is warm).
    /// </summary>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref _warm, 1) == 1)
        {
            return;
        }

        foreach (var rule in All)
        {
            Run(rule.Pattern, rule.Example);
            if (rule.Connections is { } connections)
            {
                Run(connections.Pattern, connections.Example);
            }
        }

        static void Run(Regex pattern, string example)
        {
            try
            {
                pattern.Match(example);
            }
            catch (RegexMatchTimeoutException)
            {
                // Warm now.
            }
        }
    }

    public static BuiltInRule? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
