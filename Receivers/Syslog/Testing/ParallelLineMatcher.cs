using FirewallGateway.Receivers.Syslog.Fail2banFilters;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>What the stateless phase learnt about one file line.</summary>
internal enum LineKind
{
    /// <summary>Starts with <c>#</c>: skipped, as fail2ban-regex skips it.</summary>
    Comment,

    /// <summary>Not a syslog message: only imported fail2ban filters read it.</summary>
    Unparsed,

    /// <summary>
    /// Empty but for its line break: counted as unparsed, read by no rule. fail2ban-regex skips empty lines as it
    /// skips comments, and no filter could find an address in one; scanning it only cost a search of every date
    /// template (fail2ban's sample logs are a third blank lines).
    /// </summary>
    Empty,

    Parsed,
}

/// <summary>One line's share of a <see cref="LineBatch"/>: its kind, its own timestamp if it has one, its pattern hits.</summary>
internal struct LineResult
{
    public LineKind Kind;
    public DateTimeOffset? Stamped;
    public int FirstHit;
    public int HitCount;
}

/// <summary>Consecutive lines of the file and what <see cref="ParallelLineMatcher"/> found in them.</summary>
internal sealed class LineBatch(int filters)
{
    public const int Size = 256;

    /// <summary>The imported filters' scans of the lines, when there are filters.</summary>
    public ImportedScans? Scans { get; } = filters > 0 ? new ImportedScans(filters, Size) : null;

    public string[] Lines { get; } = new string[Size];

    public LineResult[] Results { get; } = new LineResult[Size];

    public List<PatternHit> Hits { get; } = [];

    public int Count { get; set; }

    public int Timeouts { get; set; }

    /// <summary>Empties the batch for the next lines (the per-line results are overwritten as the lines are matched).</summary>
    public void Clear()
    {
        Count = 0;
        Timeouts = 0;
        Hits.Clear();
        Scans?.Clear();
    }
}

/// <summary>
/// The parallel half of <c>rules test</c>: batches of lines are parsed and run through the pattern rules and the
/// imported fail2ban filters' regexes on thread-pool threads (the parts that keep no state,
/// <see cref="DetectionEngine.FindPatternHits"/> and <see cref="ImportedScans"/>), while the calling thread reads the
/// next lines and takes finished batches in file order, so failure windows, the filters' per-connection state
/// and the report see the lines exactly in the order a single thread would.
/// </summary>
internal static class ParallelLineMatcher
{
    /// <summary>The batches in file order; a batch is reused for later lines once the caller asks for the next.</summary>
    public static IEnumerable<LineBatch> MatchInOrder(IEnumerable<string> lines, DetectionRule[] rules, DateTimeOffset reference)
    {
        // Enough batches in flight to keep every core busy while the caller applies the oldest one.
        int inFlight = Math.Max(2, Environment.ProcessorCount * 2);
        bool parallel = Environment.ProcessorCount > 1 && rules.Length > 0;
        int filters = rules.Count(r => r.Filter is not null);
        var pending = new Queue<Task<LineBatch>>();
        // Applied batches are refilled rather than dropped: their arrays (the scans' is on the large object heap)
        // would otherwise be garbage the GC has to find while the matching threads wait for it.
        var spare = new Stack<LineBatch>();
        using var reader = lines.GetEnumerator();
        while (Read(reader, spare.Count > 0 ? spare.Pop() : new LineBatch(filters)) is { } batch)
        {
            pending.Enqueue(parallel ? Task.Run(() => Match(batch, rules, reference)) : Task.FromResult(Match(batch, rules, reference)));
            while (pending.Count > 0 && (pending.Count >= inFlight || pending.Peek().IsCompleted))
            {
                var done = pending.Dequeue().GetAwaiter().GetResult();
                yield return done;
                spare.Push(done);
            }
        }

        while (pending.Count > 0)
        {
            yield return pending.Dequeue().GetAwaiter().GetResult();
        }
    }

    private static LineBatch? Read(IEnumerator<string> reader, LineBatch batch)
    {
        batch.Clear();
        while (batch.Count < LineBatch.Size && reader.MoveNext())
        {
            batch.Lines[batch.Count++] = reader.Current;
        }

        return batch.Count > 0 ? batch : null;
    }

    private static LineBatch Match(LineBatch batch, DetectionRule[] rules, DateTimeOffset reference)
    {
        // The program cache is not thread-safe: one per batch (a log has a handful of programs).
        var programs = new ProgramRuleIndex(rules);
        for (int i = 0; i < batch.Count; i++)
        {
            string line = batch.Lines[i];
            ref var result = ref batch.Results[i];
            result = default;
            if (line.StartsWith('#'))
            {
                result.Kind = LineKind.Comment;
                continue;
            }

            if (!SyslogParser.TryParse(line, requirePriority: false, out var message, out _))
            {
                string text = UnparsedLine(line);
                result.Kind = text.Length == 0 ? LineKind.Empty : LineKind.Unparsed;
                if (result.Kind == LineKind.Unparsed)
                {
                    ScanImported(batch, i, rules, text);
                }

                continue;
            }

            result.Kind = LineKind.Parsed;
            if (!message.Timestamp.IsEmpty && SyslogTimestamp.TryResolve(message.Timestamp, reference, out var stamped))
            {
                result.Stamped = stamped;
            }

            result.FirstHit = batch.Hits.Count;
            batch.Timeouts += DetectionEngine.FindPatternHits(rules, programs, message, line, batch.Hits);
            result.HitCount = batch.Hits.Count - result.FirstHit;
            ScanImported(batch, i, rules, Fail2banLine.Of(message, line));
        }

        return batch;
    }

    /// <summary>What the imported filters read of a line that is no syslog message (<see cref="DetectionEngine.ProcessUnparsed"/>).</summary>
    public static string UnparsedLine(string line) => line.TrimEnd('\r', '\n');

    private static void ScanImported(LineBatch batch, int line, DetectionRule[] rules, string fail2banLine) =>
        batch.Scans?.Scan(rules, line, fail2banLine);
}
