using System.Globalization;

namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>
/// Recognises and, only when asked, resolves syslog timestamps. The listener trusts its own clock (sender
/// clocks drift and RFC 3164 has no year); <c>rules test</c> uses the file's times like fail2ban does.
/// </summary>
internal static class SyslogTimestamp
{
    /// <summary><c>Mmm dd hh:mm:ss</c> with a space-padded day, followed by a space or the end.</summary>
    public static bool LooksLikeBsd(ReadOnlySpan<char> text) => BsdLength(text) > 0;

    /// <summary>
    /// The length of the BSD timestamp the text starts with, followed by a space or the end: 15 for
    /// <c>Mmm dd hh:mm:ss</c> / <c>Mmm  d hh:mm:ss</c>, 14 for an unpadded day <c>Mmm d hh:mm:ss</c> (some log
    /// writers, and fail2ban's sample logs, drop the pad); 0 when it does not.
    /// </summary>
    public static int BsdLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 14 || MonthIndex(text[..3]) < 0 || text[3] != ' ')
        {
            return 0;
        }

        // Day: "dd", " d", or "d" alone; the time starts after the space that follows it.
        int time = char.IsAsciiDigit(text[4]) && text[5] == ' ' ? 6
            : (text[4] == ' ' || char.IsAsciiDigit(text[4])) && char.IsAsciiDigit(text[5]) && text.Length >= 15 && text[6] == ' ' ? 7
            : 0;
        if (time == 0 || text.Length < time + 8)
        {
            return 0;
        }

        bool clock = char.IsAsciiDigit(text[time]) && char.IsAsciiDigit(text[time + 1]) && text[time + 2] == ':'
            && char.IsAsciiDigit(text[time + 3]) && char.IsAsciiDigit(text[time + 4]) && text[time + 5] == ':'
            && char.IsAsciiDigit(text[time + 6]) && char.IsAsciiDigit(text[time + 7]);
        int length = time + 8;
        return clock && (text.Length == length || text[length] == ' ') ? length : 0;
    }

    /// <summary><c>yyyy-mm-ddThh:mm:ss</c>, the start of an RFC 3339 timestamp.</summary>
    public static bool LooksLikeIso(ReadOnlySpan<char> text) => LooksLikeIsoWith(text, 'T');

    /// <summary>
    /// <c>yyyy-mm-dd hh:mm:ss</c> followed by a space: the date of files written by programs that log on their own
    /// (dovecot's <c>log_path</c>), not a syslog header; the 19 characters are the timestamp.
    /// </summary>
    public static bool LooksLikeIsoWithSpace(ReadOnlySpan<char> text) => text.Length >= 20 && text[19] == ' ' && LooksLikeIsoWith(text, ' ');

    private static bool LooksLikeIsoWith(ReadOnlySpan<char> text, char separator) =>
        text.Length >= 19
        && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
        && text[4] == '-' && text[7] == '-' && text[10] == separator && text[13] == ':' && text[16] == ':';

    /// <summary>
    /// The instant a timestamp names. RFC 3164 has no year or zone: the year is the one that puts the time
    /// nearest before <paramref name="reference"/> (a December line read in January is last year's), in UTC.
    /// </summary>
    public static bool TryResolve(ReadOnlySpan<char> text, DateTimeOffset reference, out DateTimeOffset value)
    {
        value = default;
        if (LooksLikeIso(text))
        {
            return DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }

        int length = BsdLength(text);
        if (length == 0)
        {
            return LooksLikeIsoWith(text, ' ') && DateTimeOffset.TryParse(
                text[..19], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        }

        int month = MonthIndex(text[..3]) + 1;
        int time = length - 8;
        int day = time == 6 ? text[4] - '0' : (text[4] == ' ' ? 0 : (text[4] - '0') * 10) + (text[5] - '0');
        int hour = Two(text, time), minute = Two(text, time + 3), second = Two(text, time + 6);
        int year = reference.Year;
        if (month > reference.Month + 1)
        {
            year--;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static int Two(ReadOnlySpan<char> text, int at) => ((text[at] - '0') * 10) + (text[at + 1] - '0');

    // A switch on the three letters instead of comparing with twelve strings: it runs twice for every line.
    private static int MonthIndex(ReadOnlySpan<char> name) => name.Length != 3 ? -1 : (name[0], name[1], name[2]) switch
    {
        ('J', 'a', 'n') => 0,
        ('F', 'e', 'b') => 1,
        ('M', 'a', 'r') => 2,
        ('A', 'p', 'r') => 3,
        ('M', 'a', 'y') => 4,
        ('J', 'u', 'n') => 5,
        ('J', 'u', 'l') => 6,
        ('A', 'u', 'g') => 7,
        ('S', 'e', 'p') => 8,
        ('O', 'c', 't') => 9,
        ('N', 'o', 'v') => 10,
        ('D', 'e', 'c') => 11,
        _ => -1,
    };
}
