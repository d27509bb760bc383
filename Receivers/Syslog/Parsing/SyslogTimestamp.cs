using System.Globalization;

namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>
/// Recognises and, only when asked, resolves syslog timestamps. The listener trusts its own clock (sender
/// clocks drift and RFC 3164 has no year); <c>rules test</c> uses the file's times like fail2ban does.
/// </summary>
internal static class SyslogTimestamp
{
    /// <summary><c>Mmm dd hh:mm:ss</c> with a space-padded day, followed by a space or the end.</summary>
    public static bool LooksLikeBsd(ReadOnlySpan<char> text) =>
        text.Length >= 15
        && MonthIndex(text[..3]) >= 0
        && text[3] == ' '
        && (text[4] == ' ' || char.IsAsciiDigit(text[4])) && char.IsAsciiDigit(text[5])
        && text[6] == ' '
        && char.IsAsciiDigit(text[7]) && char.IsAsciiDigit(text[8]) && text[9] == ':'
        && char.IsAsciiDigit(text[10]) && char.IsAsciiDigit(text[11]) && text[12] == ':'
        && char.IsAsciiDigit(text[13]) && char.IsAsciiDigit(text[14])
        && (text.Length == 15 || text[15] == ' ');

    /// <summary><c>yyyy-mm-ddThh:mm:ss</c>, the start of an RFC 3339 timestamp.</summary>
    public static bool LooksLikeIso(ReadOnlySpan<char> text) =>
        text.Length >= 19
        && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
        && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':';

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

        if (!LooksLikeBsd(text))
        {
            return false;
        }

        int month = MonthIndex(text[..3]) + 1;
        int day = (text[4] == ' ' ? 0 : (text[4] - '0') * 10) + (text[5] - '0');
        int hour = Two(text, 7), minute = Two(text, 10), second = Two(text, 13);
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
