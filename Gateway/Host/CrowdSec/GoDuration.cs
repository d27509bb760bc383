using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// Go's <c>time.Duration</c> text, which CrowdSec uses for every duration: bouncers parse ours with
/// <c>time.ParseDuration</c>, and agents send theirs the same way ("4h", "3h59m59.8s", "1.5h", "300ms").
/// </summary>
internal static partial class GoDuration
{
    /// <summary>"3h59m58.123s"; zero or less is "0s".</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        long hours = (long)value.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            text.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        text.Append(value.Seconds.ToString(CultureInfo.InvariantCulture));
        if (value.Milliseconds > 0)
        {
            text.Append('.').Append(value.Milliseconds.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return text.Append('s').ToString();
    }

    /// <summary>Parses a positive Go duration; false for anything else (negative, zero, unknown unit, overflow).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Whole().IsMatch(text))
        {
            return false;
        }

        double ticks = 0;
        foreach (Match part in Part().Matches(text))
        {
            double number = double.Parse(part.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * part.Groups[2].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 1 / 100.0,
            };
        }

        if (ticks < 1 || ticks > TimeSpan.MaxValue.Ticks / 2)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    [GeneratedRegex(@"^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
