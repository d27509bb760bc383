using FirewallGateway.Receivers.Syslog.Rules;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>
/// The engine of <c>rules test</c> (the gateway's fail2ban-regex): runs the configured rules over log lines, with
/// or without a syslog header, using the lines' own timestamps for the windows where they have one. Parsing,
/// the pattern rules and the imported filters' regexes run on every core (<see cref="ParallelLineMatcher"/>);
/// windows, the filters' connection state and the report take the lines in file order.
/// </summary>
public static class RulesFileTester
{
    private const int MaxListedLines = 1000;

    /// <summary>
    /// Imported filters' regexes run interpreted here: a <c>rules test</c> process is short, and compiling the
    /// ~25 regexes of a filter cost more than it saved even over 200,000 lines (docs/benchmarks/syslog.md).
    /// The listener compiles them.
    /// </summary>
    private const System.Text.RegularExpressions.RegexOptions ImportRegexOptions = System.Text.RegularExpressions.RegexOptions.None;

    /// <summary>Binds and validates <c>Receivers:Syslog</c> like the gateway does; throws with every bad key.</summary>
    public static SyslogReceiverOptions LoadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SyslogReceiverOptions();
        configuration.GetSection(SyslogReceiverOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        var result = new SyslogReceiverOptionsValidator().Validate(null, options);
        return result.Failed ? throw new InvalidOperationException(result.FailureMessage) : options;
    }

    public static RulesTestReport Run(SyslogReceiverOptions options, IEnumerable<string> lines, DateTimeOffset reference) =>
        Run(options, lines, reference, null);

    /// <summary>
    /// Runs the rules; <paramref name="onFailure"/> (when given) hears each failure with the address and the lines
    /// it rests on, in order, for fail2ban-regex-style output. Lines starting with <c>#</c> are comments, as for
    /// fail2ban-regex (fail2ban's sample logs carry their expectations in them).
    /// </summary>
    public static RulesTestReport Run(SyslogReceiverOptions options, IEnumerable<string> lines, DateTimeOffset reference, Action<string, IReadOnlyList<string>>? onFailure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lines);
        var errors = new List<string>();
        var notes = new List<string>();

        var rules = RuleSetBuilder.Build(options, errors, notes, ImportRegexOptions);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var engine = new DetectionEngine(rules, options.MaxTrackedAddresses);
        var tallies = rules.Select(_ => new Tally()).ToArray();
        var index = rules.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        var matches = new List<RuleMatch>();
        long lineNumber = 0, unparsed = 0;
        var at = reference;
        foreach (var batch in ParallelLineMatcher.MatchInOrder(lines, engine.RuleArray, reference))
        {
            engine.AddTimeouts(batch.Timeouts);
            for (int i = 0; i < batch.Count; i++)
            {
                lineNumber++;
                matches.Clear();
                string line = batch.Lines[i];
                var result = batch.Results[i];
                if (result.Kind == LineKind.Comment)
                {
                    continue;
                }

                if (result.Kind == LineKind.Empty)
                {
                    unparsed++;
                }
                else if (result.Kind == LineKind.Unparsed)
                {
                    unparsed++;
                    engine.ProcessUnparsed(ParallelLineMatcher.UnparsedLine(line), at, matches, batch.Scans, i);
                }
                else
                {
                    at = result.Stamped ?? at;
                    engine.Apply(batch.Hits, result.FirstHit, result.HitCount, line, at, matches, batch.Scans, i);
                }

                foreach (var match in matches)
                {
                    tallies[index[match.Rule]].Add(match, lineNumber);
                    onFailure?.Invoke(match.Address.ToString(), match.Imported?.Lines ?? [line]);
                }
            }
        }

        return new RulesTestReport(
            lineNumber,
            unparsed,
            notes,
            [.. rules.Select((r, i) => new RuleTestResult(r.Name, r.BuiltIn, r.MaxRetry, r.FindTime, tallies[i].Matched, tallies[i].Lines, tallies[i].Bans()))],
            engine.Timeouts);
    }

    private sealed class Tally
    {
        private readonly Dictionary<HostKey, AddressTally> _addresses = [];

        public long Matched { get; private set; }

        public List<long> Lines { get; } = [];

        public void Add(RuleMatch match, long line)
        {
            Matched++;
            if (Lines.Count < MaxListedLines)
            {
                Lines.Add(line);
            }

            if (!_addresses.TryGetValue(match.Host, out var entry))
            {
                entry = new AddressTally();
                _addresses.Add(match.Host, entry);
            }

            entry.Failures++;
            if (match.Bans)
            {
                entry.Bans++;
                entry.FirstBanLine = entry.FirstBanLine == 0 ? line : entry.FirstBanLine;
            }
        }

        public List<WouldBan> Bans() =>
            [.. _addresses.Where(a => a.Value.Bans > 0)
                .OrderBy(a => a.Value.FirstBanLine)
                .Select(a => new WouldBan(a.Key.ToString(), a.Value.Bans, a.Value.FirstBanLine, a.Value.Failures))];
    }

    private sealed class AddressTally
    {
        public int Bans { get; set; }

        public long FirstBanLine { get; set; }

        public long Failures { get; set; }
    }
}
