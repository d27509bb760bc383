using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// The built-in detection patterns, matched against the message text after the syslog header. Each ends in
/// <c>$</c> where the line has a fixed tail, so a user name such as <c>x from 1.0.0.9</c> cannot move the
/// captured address: the lazy user group only stops where the rest of the line is exactly the expected tail.
/// </summary>
internal static partial class BuiltInPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const int TimeoutMs = 250;

    /// <summary>
    /// fail2ban 1.0.2 <c>filter.d/sshd.conf</c> mode normal: the <c>cmnfailre</c> lines that carry an address and
    /// count as failures (NOFAIL and address-less multi-line forms are left out).
    /// </summary>
    [GeneratedRegex(
        @"^(?:(?:error|fatal): (?:PAM: )?)?(?:"
        + @"[aA]uthentication (?:failure|error|failed) for (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: via \S+)?(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|User not known to the underlying authentication module for (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|Failed publickey for invalid user (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?:: \S+ \S+)?\s*$"
        + @"|Failed (?!publickey )\S+ for (?:invalid user )?(?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?:: \S+ \S+)?\s*$"
        + @"|(?<user>ROOT) LOGIN REFUSED FROM (?<address>[0-9A-Fa-f:.]+)"
        + @"|[iI](?:llegal|nvalid) user (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|User (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+) not allowed because (?:not listed in AllowUsers|listed in DenyUsers|not in any group|a group is listed in DenyGroups|none of user's groups are listed in AllowGroups)(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|refused connect from \S+ \((?<address>[0-9A-Fa-f:.]+)\)\s*$"
        + @"|Received disconnect from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}:\s*3: .*: Auth fail(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|maximum authentication attempts exceeded for (?:invalid user )?(?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|Disconnecting(?: from)? (?:invalid|authenticating) user (?<user>\S+) (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}:\s*(?:Change of username or service not allowed|Too many authentication failures).*$"
        + @")",
        Options,
        TimeoutMs)]
    public static partial Regex Sshd();

    /// <summary>
    /// PAM's own line with <c>rhost=</c> (a separate rule so one attempt is not counted twice with the sshd line). The
    /// address sits between fixed keys before the user; the user runs to the end of the line, spaces and all.
    /// </summary>
    [GeneratedRegex(
        @"^pam_[a-z]+\(sshd:auth\):\s+authentication failure;(?:\s+(?:(?:logname|e?uid|tty)=\S*)){0,4}\s+ruser=\S*\s+rhost=(?<address>[0-9A-Fa-f:.]+)(?:\s+user=(?<user>.*?))?\s*$",
        Options,
        TimeoutMs)]
    public static partial Regex SshdPam();

    /// <summary>RouterOS <c>login failure for user admin from 1.2.3.4 via ssh</c> (user may be empty or have spaces).</summary>
    [GeneratedRegex(@"^login failure for user (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+) via \S+\s*$", Options, TimeoutMs)]
    public static partial Regex MikroTikLogin();

    /// <summary>RouterOS IPsec phase-1 failures; in <c>time up local[500]&lt;=&gt;peer[500]</c> the attacker is the peer.</summary>
    [GeneratedRegex(
        @"^(?:phase1 negotiation failed due to time up \S+\[\d+\]<=>(?<address>[0-9A-Fa-f:.]+)\[\d+\]"
        + @"|(?<address>[0-9A-Fa-f:.]+)(?:\[\d+\])? (?:parsing packet failed, possible cause: wrong password|failed to get valid proposal|failed to pre-process ph1 packet))",
        Options,
        TimeoutMs)]
    public static partial Regex MikroTikIpsec();

    /// <summary>postfix smtpd <c>warning: unknown[1.2.3.4]: SASL LOGIN authentication failed: ...</c>.</summary>
    [GeneratedRegex(
        @"^warning: [-._\w]+\[(?<address>[0-9A-Fa-f:.]+)\]: SASL (?:[Ll][Oo][Gg][Ii][Nn]|[Pp][Ll][Aa][Ii][Nn]|(?:CRAM|DIGEST)-MD5) authentication failed",
        Options,
        TimeoutMs)]
    public static partial Regex PostfixSasl();

    /// <summary>
    /// dovecot login processes (<c>auth failed ... rip=</c>) and auth backends (<c>passdb(user,ip): Password mismatch</c>).
    /// dovecot logs the user name as sent (control characters aside), so it may hold <c>&gt;, rip=1.0.9.9,</c> or
    /// <c>,1.0.9.9</c>. The user group is greedy: it ends at the LAST place where the fixed tail that follows the user
    /// (login: <c>&gt;,</c> then <c>rip=</c> with the address; auth: <c>,ip[,master][,&lt;session&gt;]): Password
    /// mismatch</c> to the end of the line) fits, and nothing after the real tail is attacker text.
    /// </summary>
    [GeneratedRegex(
        @"^(?:(?:imap|pop3|managesieve|submission|lmtp)-login: (?:Disconnected|Aborted login|Login aborted):? \((?:auth failed|tried to use (?:disabled|disallowed) \S+ auth)[^)]*\):(?: user=<(?<user>.*)>,)?.*? rip=(?<address>[0-9A-Fa-f:.]+)(?:,|\s*$)"
        + @"|auth(?:-worker\(\d+\))?: (?:Info: )?[\w-]+\((?<user>.*),(?<address>[0-9A-Fa-f:.]+)(?:,master)?(?:,<[^<>]*>)?\): (?:Password mismatch|unknown user|pam_authenticate\(\) failed: [\w ]+(?: \(password mismatch\?\))?)\s*$)",
        Options,
        TimeoutMs)]
    public static partial Regex Dovecot();

    /// <summary>
    /// nginx error log <c>... [error] 12#12: *3 user "x": password mismatch, client: 1.2.3.4, ...</c> / <c>user "x" was
    /// not found in "...", client: ...</c>. Anchored on nginx's own prefix: the request, host and referrer after the
    /// address are attacker text too, so the first <c>client:</c> after the user is the one. The user may hold quotes
    /// but never a colon (Basic credentials split at the first one), so it cannot fake <c>: password mismatch, client: </c>.
    /// </summary>
    [GeneratedRegex(
        @"^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?\[\w+\] \d+#\d+: (?:\*\d+ )?user ""(?<user>[^:]*)"":? (?:password mismatch|was not found in ""[^""]*""), client: (?<address>[0-9A-Fa-f:.]+),",
        Options,
        TimeoutMs)]
    public static partial Regex NginxBasicAuth();
}
