using System.Text;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// The line an imported fail2ban filter reads, as fail2ban would read it from a log file: a file line exactly as
/// it is (<c>rules test</c> then sees what fail2ban-regex sees); a received message (RFC 3164 or 5424) as rsyslog
/// writes it to a file, <c>timestamp host program[pid]: text</c>, so the filters' <c>__prefix_line</c> and date
/// templates find what they expect.
/// </summary>
internal static class Fail2banLine
{
    public static string Of(in SyslogMessage message, string? line)
    {
        if (line is not null)
        {
            return line;
        }

        var text = new StringBuilder(message.Text.Length + 64);
        Field(text, message.Timestamp);
        Field(text, message.Host);
        if (!message.Program.IsEmpty)
        {
            text.Append(message.Program);
            if (!message.ProcessId.IsEmpty)
            {
                text.Append('[').Append(message.ProcessId).Append(']');
            }

            text.Append(": ");
        }
        else
        {
            Field(text, message.Topics);
        }

        return text.Append(message.Text).ToString();
    }

    private static void Field(StringBuilder text, ReadOnlySpan<char> value)
    {
        if (!value.IsEmpty)
        {
            text.Append(value).Append(' ');
        }
    }
}
