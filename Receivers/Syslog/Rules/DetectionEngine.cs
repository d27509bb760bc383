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

    public DetectionEngine(IReadOnlyList<DetectionRule> rules, int maxTrackedAddresses)
    {
        _rules = [.. rules];
        _windows = [.. rules.Select(r => new FailureWindow(r.MaxRetry, r.FindTime, maxTrackedAddresses))];
        _programs = new ProgramRuleIndex(_rules);
        _filterStates = [.. rules.Select(r => r.Filter is null ? null : new Fail2banFilterState())];
        _connections = [.. rules.Select(r => r.Connections is null ? null : new ConnectionTracker())];
    }

    public IReadOnlyList<DetectionRule> Rules => _rules;

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
        var text = message.Text;
        string? input = null;
        int start = 0;
        bool any = false;
        string? fail2banLine = null;
        bool[] applies = _programs.RulesFor(message.Program, message.Topics);
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (rule.Filter is not null)
            {
                fail2banLine ??= Fail2banLine.Of(message, line);
                any |= ProcessImported(i, rule.Filter, fail2banLine, at, matches);
                continue;
            }

            if (!applies[i])
            {
                continue;
            }

            // The connection literals are only looked for when the failure pattern did not match (most sshd lines do).
            bool failureLine = rule.PassesPrefilter(text);
            bool? connectionLine = failureLine ? null : IsConnectionLine(i, text, message.Host, message.ProcessId);
            if (connectionLine == false)
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

            var match = failureLine ? Run(rule.Pattern!, input, start, text.Length) : null;
            if (match is { Success: true })
            {
                // Same rules as BanAddress (::ffff:a.b.c.d unwrapped, exactly one address), without an IPAddress.
                if (HostKey.TryParse(match.Groups[rule.AddressGroup].ValueSpan, out var host))
                {
                    int failures = _windows[i].Record(host, at);
                    matches.Add(new RuleMatch(rule, host, match, failures));
                    any = true;
                }

                continue;
            }

            if ((connectionLine ?? IsConnectionLine(i, text, message.Host, message.ProcessId)) && Run(rule.Connections!.Pattern, input, start, text.Length) is { Success: true } connection)
            {
                any |= ProcessConnection(i, connection, message.Host, message.ProcessId, at, matches);
            }
        }

        return any;
    }

    /// <summary>
    /// Runs only the imported fail2ban filters over a file line that is not a syslog message (fail2ban reads any
    /// log line: <c>&lt;12/30/12@…&gt;</c> dates, web server logs).
    /// </summary>
    public bool ProcessUnparsed(string line, DateTimeOffset at, List<RuleMatch> matches)
    {
        bool any = false;
        for (int i = 0; i < _rules.Length; i++)
        {
            if (_rules[i].Filter is { } filter)
            {
                any |= ProcessImported(i, filter, line, at, matches);
            }
        }

        return any;
    }

    private bool IsConnectionLine(int index, ReadOnlySpan<char> text, ReadOnlySpan<char> sender, ReadOnlySpan<char> processId) =>
        _connections[index] is { } tracker && _rules[index].PassesConnectionPrefilter(text, tracker.Knows(sender, processId));

    private Match? Run(Regex pattern, string input, int start, int length)
    {
        try
        {
            return pattern.Match(input, start, length);
        }
        catch (RegexMatchTimeoutException)
        {
            Timeouts++;
            return null;
        }
    }

    /// <summary>
    /// A connection line of a rule that follows connections: an address-less failure waits for its connection's
    /// address; a line naming the address completes the failures waiting (each is counted on this line).
    /// </summary>
    private bool ProcessConnection(int index, Match line, ReadOnlySpan<char> sender, ReadOnlySpan<char> processId, DateTimeOffset at, List<RuleMatch> matches)
    {
        var rule = _rules[index];
        var addressGroup = line.Groups[rule.Connections!.AddressGroup];
        HostKey? address = null;
        if (addressGroup.Success)
        {
            if (!HostKey.TryParse(addressGroup.ValueSpan, out var parsed))
            {
                return false;
            }

            address = parsed;
        }

        int completed = _connections[index]!.Observe(
            sender, processId, address, line.Groups[rule.Connections.FailureGroup].Success, line.Groups[rule.Connections.CloseGroup].Success, out var host);
        for (int n = 0; n < completed; n++)
        {
            matches.Add(new RuleMatch(rule, host, null, _windows[index].Record(host, at)));
        }

        return completed > 0;
    }

    private bool ProcessImported(int index, Fail2banFilter filter, string line, DateTimeOffset at, List<RuleMatch> matches)
    {
        Fail2banFailure? failure;
        try
        {
            failure = filter.Find(line, _filterStates[index]!, at);
        }
        catch (RegexMatchTimeoutException)
        {
            Timeouts++;
            return false;
        }

        if (failure is null || !HostKey.TryParse(failure.Address, out var host))
        {
            return false;
        }

        int failures = _windows[index].Record(host, at);
        matches.Add(new RuleMatch(_rules[index], host, null, failures, failure));
        return true;
    }
}
