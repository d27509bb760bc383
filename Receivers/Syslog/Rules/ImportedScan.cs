using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// What an imported filter's stateless part (<see cref="Fail2banFilter.Scan"/>) found on one line: the groups of
/// the failregex that matched (null: no failure on this line), or that its regexes timed out twice. Made on any
/// thread; <see cref="DetectionEngine"/> completes it in line order with the filter's connection state.
/// </summary>
internal readonly record struct ImportedScan(Dictionary<string, object?>? Groups, bool TimedOut)
{
    /// <summary>
    /// Scans <paramref name="line"/>, once more after a timeout: as for the pattern rules, a paused process (a loaded
    /// host, a collecting runtime) is not a costly line, and a line that really is times out again.
    /// </summary>
    public static ImportedScan Run(Fail2banFilter filter, string line)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return new ImportedScan(filter.Scan(line), TimedOut: false);
            }
            catch (RegexMatchTimeoutException)
            {
                // Tried once more, then given up.
            }
        }

        return new ImportedScan(null, TimedOut: true);
    }

    /// <summary>Scans <paramref name="line"/> with every imported filter of <paramref name="rules"/>, in rule order.</summary>
    public static void RunAll(DetectionRule[] rules, string line, Span<ImportedScan> scans)
    {
        int next = 0;
        foreach (var rule in rules)
        {
            if (rule.Filter is { } filter)
            {
                scans[next++] = Run(filter, line);
            }
        }
    }
}
