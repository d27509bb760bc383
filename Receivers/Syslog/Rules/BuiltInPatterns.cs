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
    /// count as failures (NOFAIL and address-less multi-line forms are left out). Solaris' <c>[ID 800047 auth.info]</c>
    /// comes before the message. <c>Failed … for</c> has three forms: an invalid user is attacker text and may hold
    /// spaces and <c>from</c>, so its lazy user group stops where the fixed tail runs to the end of the line; a valid
    /// user is a system account (one token, no spaces), so the first <c>from</c> after it is the peer and whatever
    /// sshd appends after <c>ssh2:</c> (hostbased <c>client user "…"</c>, SSH-1 <c>ruser</c>) cannot move it; a valid
    /// directory account with spaces falls back to the fixed tail.
    /// </summary>
    [GeneratedRegex(
        @"^(?:\[ID \d+ [\w.]+\] )?(?:(?:error|fatal): (?:PAM: )?)?(?:"
        + @"[aA]uthentication (?:failure|error|failed) for (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: via \S+)?(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|User not known to the underlying authentication module for (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+|\[preauth\])){0,3}\s*$"
        + @"|Failed publickey for invalid user (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?:: \S+ \S+)?\s*$"
        + @"|Failed (?!publickey )(?>\S+) for (?:"
        + @"invalid user (?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?:: \S+ \S+)?\s*$"
        + @"|(?!invalid user )(?:(?<user>(?>\S+)) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?::.*)?$"
        + @"|(?<user>.*?) from (?<address>[0-9A-Fa-f:.]+)(?: (?:port \d+|on \S+)){0,2}(?: ssh\d*)?(?:: \S+ \S+)?\s*$))"
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
    /// The sshd lines of one connection that <see cref="ConnectionTracker"/> reads beside <see cref="Sshd"/>:
    /// address-less failures (group <c>failure</c>), lines that name the connection's peer without being failures
    /// (<c>Connection from</c>, a valid user's failed public key) and lines that close it (group <c>close</c>). Every
    /// address is in sshd's fixed text and each form runs to the end of the line, so a user name cannot supply one.
    /// </summary>
    [GeneratedRegex(
        @"^(?:(?:error|fatal): )?(?:"
        + @"(?<failure>Disconnecting: Too many authentication failures(?: for .*?)?|User .*? not allowed because account is locked)(?: \[preauth\])?\s*$"
        + @"|Connection from (?<address>[0-9A-Fa-f:.]+) port \d+(?: on [0-9A-Fa-f:.]+ port \d+)?(?: rdomain ""\S*"")?\s*$"
        + @"|Failed publickey for (?!invalid user )\S+ from (?<address>[0-9A-Fa-f:.]+)(?: port \d+)?(?: ssh\d*)?(?:: \S+ \S+)?\s*$"
        + @"|(?<close>Connection (?:closed|reset) by|Disconnected from)(?: (?:invalid|authenticating) user \S+)? (?<address>[0-9A-Fa-f:.]+)(?: port \d+)?(?: \[preauth\])?\s*$"
        + @"|(?<close>Received disconnect) from (?<address>[0-9A-Fa-f:.]+)(?: port \d+)?:\s*11: .*$"
        + @")",
        Options,
        TimeoutMs)]
    public static partial Regex SshdConnection();

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

    /// <summary>
    /// postfix smtpd <c>warning: unknown[1.2.3.4]: SASL LOGIN authentication failed: ...</c> (an optional <c>:port</c>
    /// after the address), as fail2ban's postfix filter mode <c>auth</c>: a lost connection to the SASL server or an
    /// unknown mechanism is not the client's failure. The address is the first bracketed text after <c>warning:</c>;
    /// the client name before it comes from DNS, which cannot hold <c>[</c>.
    /// </summary>
    [GeneratedRegex(
        @"^warning: [-._\w]+\[(?<address>[0-9A-Fa-f:.]+)\](?::\d+)?: SASL (?:[Ll][Oo][Gg][Ii][Nn]|[Pp][Ll][Aa][Ii][Nn]|(?:CRAM|DIGEST)-MD5) authentication failed:(?! Connection lost to authentication server| Invalid authentication mechanism)",
        Options,
        TimeoutMs)]
    public static partial Regex PostfixSasl();

    /// <summary>
    /// postfix smtpd/postscreen rejects fail2ban's postfix filter counts in its default mode (<c>more</c>: normal and
    /// rbl): <c>NOQUEUE: reject: RCPT from name[ip]: 554 5.7.1 …: Relay access denied</c>, helo/sender/recipient
    /// rejects, unknown users, RBL hits, <c>improper command pipelining after X from name[ip]</c> and <c>too many
    /// errors after X from name[ip]</c>. The address sits in the first brackets after <c>from</c>, before any sender,
    /// recipient or helo text (the client name before it comes from DNS and cannot hold <c>[</c>).
    /// </summary>
    [GeneratedRegex(
        @"^(?:(?:\w+: (?:milter-)?reject: [A-Z]{4} from [^[\s]*\[(?<address>[0-9A-Fa-f:.]+)\](?::\d+)?: [45][50][04] [45]\.\d\.\d+ (?:(?:<[^>]*>)?: )?(?:(?:Helo command|(?:Sender|Recipient) address) rejected: )?(?:Service unavailable|(?:Client host|Command|Data command) rejected|Relay access denied|(?:Host|Domain) not found|need fully-qualified hostname|match|[Uu](?:ser unknown|ndeliverable address))\b)"
        + @"|(?:improper command pipelining|too many errors) after \S+ from [^[\s]*\[(?<address>[0-9A-Fa-f:.]+)\](?::\d+)?(?::|$))",
        Options,
        TimeoutMs)]
    public static partial Regex PostfixReject();

    /// <summary>
    /// dovecot login processes (<c>auth failed ... rip=</c>) and auth backends (<c>passdb(user,ip): Password mismatch</c>),
    /// as fail2ban's dovecot filter mode normal reads them: with or without the <c>imap-login:</c> part (absent when
    /// it is the syslog program) and <c>Info:</c>, after dovecot's own reasons (<c>Disconnected: Inactivity</c>,
    /// <c>Connection closed: read(size=1003) failed: …</c>), and the auth worker's <c>conn unix:auth-worker (…):
    /// auth-worker&lt;n&gt;:</c> prefix. dovecot logs the user name as sent (control characters aside), so it may hold
    /// <c>&gt;, rip=1.0.9.9,</c> or <c>,1.0.9.9</c>. The user group is greedy: it ends at the LAST place where the
    /// fixed tail that follows the user (login: <c>&gt;,</c> then <c>rip=</c> with the address; auth: <c>,ip[,master]
    /// [,&lt;session&gt;]): Password mismatch</c> to the end of the line) fits, and nothing after the real tail is
    /// attacker text. The only text allowed after an auth backend's message is dovecot's own <c>(for LDAP bind)</c>
    /// and the SHA1 of the password (<c>auth_verbose_passwords = sha1</c>: hex digits, which cannot forge a tail).
    /// </summary>
    [GeneratedRegex(
        @"^(?:dovecot: )?(?:(?:(?:imap|pop3|managesieve|submission|lmtp)-login: )?(?:Info: )?(?:Disconnected|Aborted login|Login aborted|Remote closed connection|Client has quit the connection)(?:: (?:\w+\([^():]*\) \w+|[^():]+))*:? \((?:auth failed|tried to use (?:disabled|disallowed) \S+ auth|proxy dest auth failed)[^)]*\):(?: user=<(?<user>.*)>,)?.*? rip=(?<address>[0-9A-Fa-f:.]+)(?:,|\s*$)"
        + @"|(?:auth(?:-worker)?(?:\(\w+\))?: )?(?:Info: )?(?:conn unix:auth(?:-worker)? \([^)]+\): auth(?:-worker)?<\d+>: )?[\w-]+\((?<user>.*),(?<address>[0-9A-Fa-f:.]+)(?:,master)?(?:,(?:<[^<>]*>)?)?\): (?:[Pp]assword mismatch(?: \(for LDAP bind\))?|[Uu]nknown user|[Ii]nvalid credentials|pam_authenticate\(\) failed: (?:[\w ]+(?: \([Pp]assword mismatch\?\))?|User not known to the underlying authentication module: \d+ Time\(s\)))(?: \(SHA1 of given password: [0-9a-f]+\))?\s*$)",
        Options,
        TimeoutMs)]
    public static partial Regex Dovecot();

    /// <summary>
    /// PAM's own line for dovecot (<c>pam_unix(dovecot:auth): authentication failure; … rhost=&lt;ip&gt; [user=&lt;u&gt;]</c>),
    /// as fail2ban's dovecot filter counts it; a rule of its own like sshd-pam, so one attempt that also logs dovecot's
    /// <c>pam(user,ip): pam_authenticate() failed</c> is not counted twice. <c>ruser</c> is the login name dovecot
    /// hands to PAM: <c>\S*</c> stops at its first space, and the rest must be the fixed tail, so
    /// <c>ruser=rhost=1.2.3.4 rhost=&lt;ip&gt;</c> yields the real peer.
    /// </summary>
    [GeneratedRegex(
        @"^pam_[a-z]+\(dovecot:auth\):\s+authentication failure;(?:\s+(?:(?:logname|e?uid|tty)=\S*)){0,4}\s+ruser=\S*\s+rhost=(?<address>[0-9A-Fa-f:.]+)(?:\s+user=(?<user>.*?))?\s*$",
        Options,
        TimeoutMs)]
    public static partial Regex DovecotPam();

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
