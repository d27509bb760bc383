using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// Runs every rule over a parsed message: program filter (remembered per program), prefilter, then the pattern
/// (on the caller's line in place, or on a string made once per message when some prefilter passed), then the
/// rule's failure window, keyed by a 128-bit <see cref="HostKey"/>. One worker owns an engine.
/// </summary>
internal sealed class DetectionEngine
{
    private readonly DetectionRule[] _rules;
    private readonly FailureWindow[] _windows;
    private readonly ProgramRuleIndex _programs;
    private readonly Fail2banFilterState?[] _filterStates;
    private readonly ConnectionTracker?[] _connections;
    private readonly List<PatternHit> _hits = [];
    private readonly bool _hasImported;

    /// <summary>The scans of the message <see cref="Process"/> is on (callers that scanned elsewhere pass theirs).</summary>
    private readonly ImportedScans _ownScans;

    public DetectionEngine(IReadOnlyList<DetectionRule> rules, int maxTrackedAddresses)
    {
        _rules = [.. rules];
        _windows = [.. rules.Select(r => new FailureWindow(r.MaxRetry, r.FindTime, maxTrackedAddresses))];
        _programs = new ProgramRuleIndex(_rules);
        _filterStates = [.. rules.Select(r => r.Filter is null ? null : new Fail2banFilterState())];
        _connections = [.. rules.Select(r => r.Connections is null ? null : new ConnectionTracker())];
        _hasImported = rules.Any(r => r.Filter is not null);
        _ownScans = new ImportedScans(rules.Count(r => r.Filter is not null), 1);
    }

    public IReadOnlyList<DetectionRule> Rules => _rules;

    /// <summary>The rules as an array, for <see cref="FindPatternHits"/> on other threads.</summary>
    public DetectionRule[] RuleArray => _rules;

    /// <summary>Pattern runs that hit the match timeout (counted, never thrown).</summary>
    public long Timeouts { get; private set; }

    public FailureWindow WindowOf(int ruleIndex) => _windows[ruleIndex];

    /// <summary>
    /// Adds a match to <paramref name="matches"/> for each rule that matched; returns whether any did.
    /// <paramref name="line"/> is the string the message was parsed from, when the caller has one (file lines):
    /// the patterns then run on it in place instead of on a copy of the message text.
    /// </summary>
    public bool Process(in SyslogMessage message, DateTimeOffset at, List<RuleMatch> matches, string? line = null)
    {
        _hits.Clear();
        Timeouts += FindPatternHits(_rules, _programs, message, line, _hits);
        return Apply(_hits, 0, _hits.Count, _hasImported ? Fail2banLine.Of(message, line) : null, at, matches, null, 0);
    }

    /// <summary>
    /// The pattern rules' part of <see cref="Process"/>, which keeps no state beyond <paramref name="programs"/>'
    /// cache: program filter, prefilter, pattern, address. Several threads may run it on different lines at once
    /// (each with its own <see cref="ProgramRuleIndex"/>); <see cref="Apply"/> then takes the hits in line order.
    /// Adds the hits in rule order; returns the pattern runs that timed out.
    /// </summary>
    public static int FindPatternHits(DetectionRule[] rules, ProgramRuleIndex programs, in SyslogMessage message, string? line, List<PatternHit> hits)
    {
        var text = message.Text;
        string? input = null;
        int start = 0, timeouts = 0;
        bool[] applies = programs.RulesFor(message.Program, message.Topics);
        for (int i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule.Filter is not null || !applies[i])
            {
                continue;
            }

            // The connection literals are only looked for when the failure pattern did not match (most sshd lines do).
            bool failureLine = rule.PassesPrefilter(text);
            if (!failureLine && !MayBeConnectionLine(rule, text))
            {
                continue;
            }

            if (input is null)
            {
                if (line is not null && line.AsSpan().Overlaps(text, out start) && start >= 0 && start + text.Length <= line.Length)
                {
                    input = line;
                }
                else
                {
                    input = text.ToString();
                    start = 0;
                }
            }

            if (failureLine)
            {
                if (MatchWithRetry(rule.Pattern!, input, start, text.Length) is not { } match)
                {
                    timeouts++;
                    continue;
                }

                if (match.Success)
                {
                    // Same rules as BanAddress (::ffff:a.b.c.d unwrapped, exactly one address), without an IPAddress.
                    if (HostKey.TryParse(match.Groups[rule.AddressGroup].ValueSpan, out var host))
                    {
                        hits.Add(new PatternHit(i, host, match));
                    }

                    continue;
                }

                if (!MayBeConnectionLine(rule, text))
                {
                    continue;
                }
            }

            // Whether the connection is already kept is state, so Apply decides which literals the line needed.
            if (MatchWithRetry(rule.Connections!.Pattern, input, start, text.Length) is not { } connection)
            {
                timeouts++;
                continue;
            }

            if (connection.Success)
            {
                hits.Add(PatternHit.OfConnection(
                    i, connection, message.Host.ToString(), message.ProcessId.ToString(),
                    rule.PassesConnectionPrefilter(text, kept: true), rule.PassesConnectionPrefilter(text, kept: false)));
            }
        }

        return timeouts;
    }

    private static bool MayBeConnectionLine(DetectionRule rule, ReadOnlySpan<char> text) =>
        rule.Connections is not null && (rule.PassesConnectionPrefilter(text, kept: true) || rule.PassesConnectionPrefilter(text, kept: false));

    /// <summary>
    /// The match, or null when it timed out twice. The timeout fences catastrophic backtracking; a first run can
    /// also pass it because the process was paused (a loaded host, a JIT-compiling or collecting runtime), and a
    /// line lost that way is a failure never counted. A line that is really too costly times out again.
    /// </summary>
    private static Match? MatchWithRetry(Regex pattern, string input, int start, int length)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return pattern.Match(input, start, length);
            }
            catch (RegexMatchTimeoutException)
            {
                // Tried once more below, then given up.
            }
        }

        return null;
    }

    /// <summary>
    /// The stateful part of <see cref="Process"/> for one message, in line order: records the pattern hits
    /// <paramref name="hits"/>[<paramref name="from"/>..+<paramref name="count"/>) in the failure windows and runs the
    /// imported filters (which keep per-connection state) on <paramref name="fail2banLine"/> (required when the
    /// engine has imported filters, see <see cref="Fail2banLine"/>). <paramref name="scans"/>, when given, holds the
    /// imported filters' scans of this line (its <paramref name="scanLine"/>), made elsewhere; null: scanned here.
    /// </summary>
    public bool Apply(List<PatternHit> hits, int from, int count, string? fail2banLine, DateTimeOffset at, List<RuleMatch> matches, ImportedScans? scans, int scanLine)
    {
        (scans, scanLine) = _hasImported ? ScansOf(fail2banLine!, scans, scanLine) : (scans, scanLine);
        int filter = 0;
        bool any = false;
        int next = from, end = from + count;
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (rule.Filter is not null)
            {
                any |= ProcessImported(i, rule.Filter, fail2banLine!, at, matches, scans!, scans!.Of(scanLine)[filter++]);
                continue;
            }

            if (next < end && hits[next].Rule == i)
            {
                var hit = hits[next++];
                if (hit.IsConnection)
                {
                    any |= ProcessConnection(i, hit, at, matches);
                    continue;
                }

                int failures = _windows[i].Record(hit.Host, at);
                matches.Add(new RuleMatch(rule, hit.Host, hit.Match, failures));
                any = true;
            }
        }

        return any;
    }

    /// <summary>Counts pattern runs that timed out somewhere else (a <see cref="FindPatternHits"/> on another thread).</summary>
    public void AddTimeouts(int timeouts) => Timeouts += timeouts;

    /// <summary>
    /// Runs only the imported fail2ban filters over a file line that is not a syslog message (fail2ban reads any
    /// log line: <c>&lt;12/30/12@…&gt;</c> dates, web server logs). <paramref name="scans"/> as for <see cref="Apply"/>.
    /// </summary>
    public bool ProcessUnparsed(string line, DateTimeOffset at, List<RuleMatch> matches, ImportedScans? scans = null, int scanLine = 0)
    {
        (scans, scanLine) = ScansOf(line, scans, scanLine);
        bool any = false;
        int scan = 0;
        for (int i = 0; i < _rules.Length; i++)
        {
            if (_rules[i].Filter is { } filter)
            {
                any |= ProcessImported(i, filter, line, at, matches, scans, scans.Of(scanLine)[scan++]);
            }
        }

        return any;
    }

    /// <summary>
    /// A connection line of a rule that follows connections: an address-less failure waits for its connection's
    /// address; a line naming the address completes the failures waiting (each is counted on this line). A line of
    /// a connection not kept yet counts only when it can open one.
    /// </summary>
    private bool ProcessConnection(int index, in PatternHit hit, DateTimeOffset at, List<RuleMatch> matches)
    {
        var tracker = _connections[index]!;
        if (!(tracker.Knows(hit.Sender, hit.ProcessId) ? hit.PassesKeptLiterals : hit.PassesOpenerLiterals))
        {
            return false;
        }

        var rule = _rules[index];
        var addressGroup = hit.Match.Groups[rule.Connections!.AddressGroup];
        HostKey? address = null;
        if (addressGroup.Success)
        {
            if (!HostKey.TryParse(addressGroup.ValueSpan, out var parsed))
            {
                return false;
            }

            address = parsed;
        }

        int completed = tracker.Observe(
            hit.Sender, hit.ProcessId, address, hit.Match.Groups[rule.Connections.FailureGroup].Success, hit.Match.Groups[rule.Connections.CloseGroup].Success, out var host);
        for (int n = 0; n < completed; n++)
        {
            matches.Add(new RuleMatch(rule, host, null, _windows[index].Record(host, at)));
        }

        return completed > 0;
    }

    /// <summary>The scans given, or this line scanned into the engine's own.</summary>
    private (ImportedScans Scans, int Line) ScansOf(string fail2banLine, ImportedScans? scans, int scanLine)
    {
        if (scans is not null)
        {
            return (scans, scanLine);
        }

        // From the filters' own date memory: a scan made here is never made again.
        _ownScans.Clear();
        int filter = 0;
        foreach (var state in _filterStates)
        {
            if (state is not null)
            {
                _ownScans.ContinueFrom(filter++, state.DateTemplate);
            }
        }

        _ownScans.Scan(_rules, 0, fail2banLine);
        return (_ownScans, 0);
    }

    private bool ProcessImported(int index, Fail2banFilter filter, string line, DateTimeOffset at, List<RuleMatch> matches, ImportedScans scans, Fail2banScan scan)
    {
        var state = _filterStates[index]!;
        if (scan.DateBefore != state.DateTemplate)
        {
            scan = scans.Rescan(filter, line, state.DateTemplate);
        }

        state.DateTemplate = scan.DateAfter;
        if (scan.TimedOut)
        {
            Timeouts++;
            return false;
        }

        if (filter.Complete(scan, scans.Spans, line, state, at) is not { } failure || !HostKey.TryParse(failure.Address, out var host))
        {
            return false;
        }

        int failures = _windows[index].Record(host, at);
        matches.Add(new RuleMatch(_rules[index], host, null, failures, failure));
        return true;
    }
}

/// <summary>
/// A pattern rule (by index) that matched a message, with the address it captured; or, for a rule that follows
/// connections, a match of its connection-line pattern with the sender and process it belongs to.
/// </summary>
internal readonly record struct PatternHit(int Rule, HostKey Host, Match Match)
{
    public bool IsConnection { get; private init; }

    public string Sender { get; private init; } = "";

    public string ProcessId { get; private init; } = "";

    /// <summary>The line holds a literal of a kept connection's lines.</summary>
    public bool PassesKeptLiterals { get; private init; }

    /// <summary>The line holds a literal of a line that opens a connection.</summary>
    public bool PassesOpenerLiterals { get; private init; }

    public static PatternHit OfConnection(int rule, Match match, string sender, string processId, bool keptLiterals, bool openerLiterals) =>
        new(rule, default, match)
        {
            IsConnection = true,
            Sender = sender,
            ProcessId = processId,
            PassesKeptLiterals = keptLiterals,
            PassesOpenerLiterals = openerLiterals,
        };
}
