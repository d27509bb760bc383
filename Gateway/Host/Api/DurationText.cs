using System.Globalization;

namespace FirewallGateway.Api;

/// <summary>Parses operator durations: "90s", "15m", "4h", "7d", "2w", or a TimeSpan such as "01:30:00".</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        char unit = text[^1];
        if (char.IsAsciiLetter(unit)
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0)
        {
            double seconds = char.ToLowerInvariant(unit) switch
            {
                's' => value,
                'm' => value * 60.0,
                'h' => value * 3600.0,
                'd' => value * 86400.0,
                'w' => value * 604800.0,
                _ => -1,
            };
            if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
