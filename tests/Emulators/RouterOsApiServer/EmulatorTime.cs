using System.Globalization;
using System.Text;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>RouterOS time values as the emulator reads (<c>1w2d3h4m5s</c>, <c>500ms</c>, <c>01:02:03</c>) and prints them (v7 form).</summary>
internal static class EmulatorTime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out value);
        }

        double total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                return false;
            }

            string unit = i + 1 < text.Length && text[i] == 'm' && text[i + 1] == 's' ? "ms" : i < text.Length ? text[i].ToString() : "s";
            i += i < text.Length ? unit.Length : 0;
            double seconds = unit switch { "w" => 604800, "d" => 86400, "h" => 3600, "m" => 60, "s" => 1, "ms" => 0.001, _ => double.NaN };
            if (double.IsNaN(seconds))
            {
                return false;
            }

            total += n * seconds;
        }

        // RouterOS refuses more than 35w3d13h13m56s.
        if (text.Length == 0 || total > 21_474_836)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    public static string Format(TimeSpan value)
    {
        long s = Math.Max(0, (long)value.TotalSeconds);
        var text = new StringBuilder();
        foreach (var (size, unit) in new[] { (604800L, 'w'), (86400L, 'd'), (3600L, 'h'), (60L, 'm'), (1L, 's') })
        {
            if (s >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{s / size}{unit}");
                s %= size;
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }
}
