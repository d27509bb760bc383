namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>
/// RFC 3164, RFC 5424 and MikroTik's formats on spans: no allocation, no exceptions, every refusal has a
/// reason. Wire messages must start with a PRI; file lines (<c>rules test</c>) may come without one.
/// </summary>
internal static class SyslogParser
{
    private const int MaxTagLength = 48;
    private const char ByteOrderMark = '\uFEFF';

    public static bool TryParse(ReadOnlySpan<char> line, bool requirePriority, out SyslogMessage message, out string? reject)
    {
        message = default;
        while (!line.IsEmpty && line[^1] is '\n' or '\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            reject = RejectReasons.Empty;
            return false;
        }

        int priority = -1;
        if (line[0] == '<' || requirePriority)
        {
            if (!TryReadPriority(ref line, out priority))
            {
                reject = RejectReasons.BadPriority;
                return false;
            }
        }

        if (line.Length >= 2 && line[0] == '1' && line[1] == ' ')
        {
            return TryParse5424(line[2..], priority, out message, out reject);
        }

        reject = null;
        message = Parse3164(line, priority);
        return true;
    }

    private static bool TryReadPriority(ref ReadOnlySpan<char> line, out int priority)
    {
        priority = 0;
        if (line.Length < 3 || line[0] != '<')
        {
            return false;
        }

        int i = 1;
        while (i < line.Length && i <= 4 && char.IsAsciiDigit(line[i]))
        {
            priority = (priority * 10) + (line[i] - '0');
            i++;
        }

        int digits = i - 1;
        if (digits is < 1 or > 3 || i >= line.Length || line[i] != '>' || priority > 191 || (digits > 1 && line[1] == '0'))
        {
            return false;
        }

        line = line[(i + 1)..];
        return true;
    }

    private static SyslogMessage Parse3164(ReadOnlySpan<char> rest, int priority)
    {
        var format = SyslogFormat.Bare;
        ReadOnlySpan<char> timestamp = default;
        ReadOnlySpan<char> host = default;
        int bsd = SyslogTimestamp.BsdLength(rest);
        if (bsd > 0)
        {
            format = SyslogFormat.Rfc3164;
            timestamp = rest[..bsd];
            rest = rest[bsd..].TrimStart(' ');
        }
        else if (SyslogTimestamp.LooksLikeIso(rest))
        {
            int space = rest.IndexOf(' ');
            format = SyslogFormat.Rfc3164Iso;
            timestamp = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
        }
        else if (SyslogTimestamp.LooksLikeIsoWithSpace(rest))
        {
            format = SyslogFormat.Rfc3164Iso;
            timestamp = rest[..19];
            rest = rest[20..];
        }
        else if (IsTai64nLabel(rest))
        {
            // daemontools/multilog files (dovecot under runit): "@4000000068aa0c3a1d2b3c4d imap-login: ...". The
            // label is skipped, not resolved: rules test keeps the previous line's time.
            rest = rest[(Tai64nLength + 1)..];
        }

        if (format != SyslogFormat.Bare)
        {
            // The hostname is optional in practice: a first token that is already a tag is not a host.
            int space = rest.IndexOf(' ');
            ReadOnlySpan<char> token = space < 0 ? rest : rest[..space];
            if (!token.IsEmpty && token[^1] != ':' && !token.Contains('['))
            {
                host = token;
                rest = space < 0 ? default : rest[(space + 1)..];
            }
        }

        ReadTag(rest, format != SyslogFormat.Bare, out var program, out var processId, out var topics, out var text);
        return new SyslogMessage
        {
            Priority = priority,
            Format = format,
            Timestamp = timestamp,
            Host = host,
            Program = program,
            ProcessId = processId,
            Topics = topics,
            Text = text,
        };
    }

    /// <summary>Splits <c>program[pid]: text</c>, <c>program: text</c> or MikroTik <c>topic,topic text</c>.</summary>
    private static void ReadTag(
        ReadOnlySpan<char> content,
        bool afterTimestamp,
        out ReadOnlySpan<char> program,
        out ReadOnlySpan<char> processId,
        out ReadOnlySpan<char> topics,
        out ReadOnlySpan<char> text)
    {
        program = default;
        processId = default;
        topics = default;
        text = content;
        int end = 0;
        while (end < content.Length && end <= MaxTagLength && IsTagChar(content[end]))
        {
            end++;
        }

        if (end == 0 && afterTimestamp && content.Length > 2 && content[0] == '[')
        {
            if (TryReadBracketedTag(content, out var bracketed, out var rest))
            {
                program = bracketed;
                text = rest;
            }

            return;
        }

        if (end == 0 || end > MaxTagLength || end == content.Length)
        {
            return;
        }

        if (content[end] == '[')
        {
            int close = content[end..].IndexOf(']');
            if (close > 1 && end + close + 1 < content.Length && content[end + close + 1] == ':')
            {
                program = content[..end];
                processId = content[(end + 1)..(end + close)];
                text = SkipSpace(content[(end + close + 2)..]);
            }

            return;
        }

        if (content[end] == ':')
        {
            program = content[..end];
            text = SkipSpace(content[(end + 1)..]);
            return;
        }

        if (content[end] == ' ' && content[..end].Contains(',') && IsTopicList(content[..end]))
        {
            topics = content[..end];
            text = content[(end + 1)..];
        }
    }

    private static bool TryParse5424(ReadOnlySpan<char> rest, int priority, out SyslogMessage message, out string? reject)
    {
        message = default;
        ReadOnlySpan<char> timestamp = rest, host = rest, app = rest, processId = rest, messageId = rest;
        if (!TryToken(ref rest, 64, out timestamp) || !TryToken(ref rest, 255, out host)
            || !TryToken(ref rest, 48, out app) || !TryToken(ref rest, 128, out processId)
            || !TryToken(ref rest, 32, out messageId))
        {
            reject = RejectReasons.BadHeader;
            return false;
        }

        if (!(timestamp is "-" || SyslogTimestamp.LooksLikeIso(timestamp)))
        {
            reject = RejectReasons.BadTimestamp;
            return false;
        }

        if (!TrySkipStructuredData(ref rest))
        {
            reject = RejectReasons.BadStructuredData;
            return false;
        }

        ReadOnlySpan<char> text = default;
        if (!rest.IsEmpty)
        {
            if (rest[0] != ' ')
            {
                reject = RejectReasons.BadStructuredData;
                return false;
            }

            text = rest[1..];
            if (!text.IsEmpty && text[0] == ByteOrderMark)
            {
                text = text[1..];
            }
        }

        reject = null;
        _ = messageId;
        message = new SyslogMessage
        {
            Priority = priority,
            Format = SyslogFormat.Rfc5424,
            Timestamp = Nil(timestamp),
            Host = Nil(host),
            Program = Nil(app),
            ProcessId = Nil(processId),
            Text = text,
        };
        return true;
    }

    /// <summary>Reads one header field ending in a space: 1..max printable US-ASCII characters.</summary>
    private static bool TryToken(scoped ref ReadOnlySpan<char> rest, int max, out ReadOnlySpan<char> token)
    {
        int space = rest.IndexOf(' ');
        token = default;
        if (space <= 0 || space > max)
        {
            return false;
        }

        token = rest[..space];
        foreach (char c in token)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        rest = rest[(space + 1)..];
        return true;
    }

    /// <summary>Skips <c>-</c> or one or more <c>[id name="value" ...]</c> elements, honouring <c>\"</c>, <c>\\</c>, <c>\]</c>.</summary>
    private static bool TrySkipStructuredData(ref ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest[0] == '-')
        {
            rest = rest[1..];
            return true;
        }

        int i = 0;
        while (i < rest.Length && rest[i] == '[')
        {
            i++;
            bool inValue = false;
            bool closed = false;
            while (i < rest.Length)
            {
                char c = rest[i];
                if (inValue)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inValue = false;
                    }
                }
                else if (c == '"')
                {
                    inValue = true;
                }
                else if (c == ']')
                {
                    closed = true;
                    i++;
                    break;
                }

                i++;
            }

            if (!closed)
            {
                return false;
            }
        }

        if (i == 0)
        {
            return false;
        }

        rest = rest[i..];
        return true;
    }

    /// <summary>
    /// <c>[sshd]: text</c> or <c>[sshd] text</c>, a tag some syslog daemons write in brackets (seen after a
    /// timestamp only: a bare line starting with <c>[</c> is an nginx-style <c>[error]</c> message, not a tag).
    /// </summary>
    private static bool TryReadBracketedTag(ReadOnlySpan<char> content, out ReadOnlySpan<char> program, out ReadOnlySpan<char> text)
    {
        program = default;
        text = default;
        int close = content.IndexOf(']');
        if (close < 2 || close > MaxTagLength + 1 || close + 1 >= content.Length || content[close + 1] is not (':' or ' '))
        {
            return false;
        }

        foreach (char c in content[1..close])
        {
            if (!IsTagChar(c))
            {
                return false;
            }
        }

        program = content[1..close];
        text = SkipSpace(content[(close + (content[close + 1] == ':' ? 2 : 1))..]);
        return true;
    }

    private const int Tai64nLength = 25;

    private static bool IsTai64nLabel(ReadOnlySpan<char> text) =>
        text.Length > Tai64nLength && text[0] == '@' && text[Tai64nLength] == ' ' && !text[1..Tai64nLength].ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static ReadOnlySpan<char> Nil(ReadOnlySpan<char> field) => field is "-" ? default : field;

    private static ReadOnlySpan<char> SkipSpace(ReadOnlySpan<char> text) =>
        !text.IsEmpty && text[0] == ' ' ? text[1..] : text;

    private static bool IsTagChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',';

    private static bool IsTopicList(ReadOnlySpan<char> token)
    {
        foreach (char c in token)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is ',' or '-' or '_'))
            {
                return false;
            }
        }

        return token[0] != ',' && token[^1] != ',';
    }
}
