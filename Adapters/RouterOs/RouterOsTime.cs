using System.Globalization;
using System.Text;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// The RouterOS time type (PROTOCOLS.md 1.8): written as integer <c>w d h m s</c> components (<c>1d2h3m4s</c>);
/// read in the v7 form (<c>23h59m41s</c>, <c>500ms</c>) and the v6 form (<c>1d23:59:58</c>, <c>00:05:00</c>).
/// </summary>
internal static class RouterOsTime
{
    /// <summary>Whole seconds, rounded up so an entry never lapses before its time; at least 1 s.</summary>
    public static string Format(TimeSpan value)
    {
        long seconds = Math.Max(1, (long)Math.Ceiling(value.TotalSeconds));
        var text = new StringBuilder();
        Append(text, seconds / 604_800, 'w');
        Append(text, seconds / 86_400 % 7, 'd');
        Append(text, seconds / 3_600 % 24, 'h');
        Append(text, seconds / 60 % 60, 'm');
        Append(text, seconds % 60, 's');
        return text.ToString();
    }

    /// <summary>Parses either form; false for empty or malformed text.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        var span = text.AsSpan();
        long milliseconds = 0;
        int colon = span.IndexOf(':');
        if (colon >= 0)
        {
            // v6: optional "<n>w<n>d" prefix, then hh:mm:ss
            int start = colon;
            while (start > 0 && char.IsAsciiDigit(span[start - 1]))
            {
                start--;
            }

            if (!TryParseClock(span[start..], out long clock) || !TryParseUnits(span[..start], out long prefix))
            {
                return false;
            }

            milliseconds = prefix + clock;
        }
        else if (!TryParseUnits(span, out milliseconds) || span.IsEmpty)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    private static bool TryParseClock(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, ':') != 3)
        {
            return false;
        }

        foreach (var part in parts[..3])
        {
            if (!long.TryParse(text[part], NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                return false;
            }

            milliseconds = (milliseconds * 60) + (n * 1000);
        }

        return true;
    }

    private static bool TryParseUnits(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        int i = 0;
        while (i < text.Length)
        {
            int digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits || i - digits > 12)
            {
                return false;
            }

            long n = long.Parse(text[digits..i], NumberStyles.None, CultureInfo.InvariantCulture);
            long unit;
            if (text[i..].StartsWith("ms", StringComparison.Ordinal))
            {
                unit = 1;
                i += 2;
            }
            else if (i == text.Length)
            {
                unit = 1000; // a bare number is seconds
            }
            else
            {
                unit = text[i] switch { 'w' => 604_800_000, 'd' => 86_400_000, 'h' => 3_600_000, 'm' => 60_000, 's' => 1000, _ => 0 };
                i++;
            }

            if (unit == 0)
            {
                return false;
            }

            milliseconds += n * unit;
        }

        return true;
    }

    private static void Append(StringBuilder text, long count, char unit)
    {
        if (count > 0)
        {
            text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
