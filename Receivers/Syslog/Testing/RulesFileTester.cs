using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>
/// The engine of <c>rules test</c> (the gateway's fail2ban-regex): runs the configured rules over log lines, with
/// or without a syslog header, using the lines' own timestamps for the windows where they have one.
/// </summary>
public static class RulesFileTester
{
    private const int MaxListedLines = 1000;

    /// <summary>Binds and validates <c>Receivers:Syslog</c> like the gateway does; throws with every bad key.</summary>
    public static SyslogReceiverOptions LoadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SyslogReceiverOptions();
        configuration.GetSection(SyslogReceiverOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        var result = new SyslogReceiverOptionsValidator().Validate(null, options);
        return result.Failed ? throw new InvalidOperationException(result.FailureMessage) : options;
    }

    public static RulesTestReport Run(SyslogReceiverOptions options, IEnumerable<string> lines, DateTimeOffset reference)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lines);
        var errors = new List<string>();
        var rules = RuleSetBuilder.Build(options, errors);
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
        foreach (string line in lines)
        {
            lineNumber++;
            if (!SyslogParser.TryParse(line, requirePriority: false, out var message, out _))
            {
                unparsed++;
                continue;
            }

            if (!message.Timestamp.IsEmpty && SyslogTimestamp.TryResolve(message.Timestamp, reference, out var stamped))
            {
                at = stamped;
            }

            matches.Clear();
            engine.Process(message, at, matches, line);
            foreach (var match in matches)
            {
                tallies[index[match.Rule]].Add(match, lineNumber);
            }
        }

        return new RulesTestReport(
            lineNumber,
            unparsed,
            [.. rules.Select((r, i) => new RuleTestResult(r.Name, r.BuiltIn, r.MaxRetry, r.FindTime, tallies[i].Matched, tallies[i].Lines, tallies[i].Bans()))]);
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
