using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// What the imported filters' stateless part (<see cref="Fail2banFilter.Scan"/>) found on some lines: one
/// <see cref="Fail2banScan"/> per line and filter (in rule order) and the group offsets they share. Filled by
/// one thread (a batch of <c>rules test</c> on the pool, or the engine itself for a received message);
/// <see cref="DetectionEngine"/> completes the scans in line order with the filters' connection state.
/// </summary>
internal sealed class ImportedScans(int filters, int lines)
{
    private readonly Fail2banScan[] _scans = new Fail2banScan[filters * lines];

    /// <summary>
    /// Each filter's date detector memory along the lines scanned here, from -1 at the first: a batch cannot know
    /// what the lines before it left, so the engine re-scans a line whose scan started from another memory than
    /// the one the file's order gives (<see cref="Rescan"/>; in a steady log, only a batch's first line).
    /// </summary>
    private readonly int[] _dates = [.. Enumerable.Repeat(-1, filters)];

    public int Filters => filters;

    public List<int> Spans { get; } = [];

    public Span<Fail2banScan> Of(int line) => _scans.AsSpan(line * filters, filters);

    /// <summary>The next line scans from date memory <paramref name="dateTemplate"/> for the <paramref name="filter"/>-th filter.</summary>
    public void ContinueFrom(int filter, int dateTemplate) => _dates[filter] = dateTemplate;

    /// <summary>Forgets the lines scanned: the next starts a new run of lines.</summary>
    public void Clear()
    {
        Spans.Clear();
        Array.Fill(_dates, -1);
    }

    /// <summary>Scans <paramref name="text"/> (line <paramref name="line"/>) with every imported filter of <paramref name="rules"/>.</summary>
    public void Scan(DetectionRule[] rules, int line, string text)
    {
        var scans = Of(line);
        int next = 0;
        foreach (var rule in rules)
        {
            if (rule.Filter is { } filter)
            {
                scans[next] = Run(filter, text, ref _dates[next]);
                next++;
            }
        }
    }

    /// <summary>
    /// One filter's scan from the date memory <paramref name="dateTemplate"/>, once more after a timeout: as for the pattern rules, a paused process (a loaded host, a
    /// collecting runtime) is not a costly line, and a line that really is times out again.
    /// </summary>
    public Fail2banScan Rescan(Fail2banFilter filter, string text, int dateTemplate) => Run(filter, text, ref dateTemplate);

    private Fail2banScan Run(Fail2banFilter filter, string text, ref int dateTemplate)
    {
        int kept = Spans.Count, before = dateTemplate;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return filter.Scan(text, Spans, ref dateTemplate) with { DateBefore = before, DateAfter = dateTemplate };
            }
            catch (RegexMatchTimeoutException)
            {
                // The offsets a run that timed out may have added are dropped; tried once more, then given up.
                CollectionsMarshal.SetCount(Spans, kept);
            }
        }

        return Fail2banScan.TimedOutScan with { DateBefore = before, DateAfter = dateTemplate };
    }
}
