using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Finds the attacker address in a message text that is a line the syslog receiver's built-in rules know (sshd,
/// MikroTik, dovecot, nginx, postfix). Those patterns are anchored on the fixed part of the line, so an address a
/// user name carries is never the one taken; a plain search for address-shaped text would take both.
/// </summary>
internal static partial class GraylogKnownLine
{
    /// <summary>Longer texts are no log line a rule knows (rsyslog's default maximum is 8 KiB); not worth the time.</summary>
    private const int MaxLineLength = 8192;

    // The same patterns without the syslog path's 250 ms limit: a wall-clock limit fires when a loaded machine
    // starves the thread (or JIT-compiles the matcher) and would turn a known line into "no address". The work is
    // bounded instead: at most MaxLineLength characters, and notifications are rare.
    private static readonly Regex[] Patterns =
        [.. BuiltInRules.All.Select(r => new Regex(r.Pattern.ToString(), r.Pattern.Options, Regex.InfiniteMatchTimeout))];

    /// <summary>The address the first matching built-in rule captures, or null when no rule knows the line.</summary>
    public static string? FindAddress(string text)
    {
        if (text.Length > MaxLineLength)
        {
            return null;
        }

        // Graylog's syslog inputs keep "sshd[123]: " in the message when the header parse is partial; dovecot's
        // own lines start with "imap-login: ", which looks the same: try the text as it is first.
        var prefix = ProgramPrefix().Match(text);
        return Find(text) ?? (prefix.Success ? Find(text[prefix.Length..]) : null);
    }

    private static string? Find(string body)
    {
        foreach (var pattern in Patterns)
        {
            var match = pattern.Match(body);
            if (match.Success)
            {
                return match.Groups["address"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_./-]{1,64}(?:\[\d{1,10}\])?: ", RegexOptions.CultureInvariant)]
    private static partial Regex ProgramPrefix();
}
