using System.Text.RegularExpressions;
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

    public DetectionEngine(IReadOnlyList<DetectionRule> rules, int maxTrackedAddresses)
    {
        _rules = [.. rules];
        _windows = [.. rules.Select(r => new FailureWindow(r.MaxRetry, r.FindTime, maxTrackedAddresses))];
        _programs = new ProgramRuleIndex(_rules);
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
        bool[] applies = _programs.RulesFor(message.Program, message.Topics);
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!applies[i] || !rule.PassesPrefilter(text))
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

            Match match;
            try
            {
                match = rule.Pattern.Match(input, start, text.Length);
            }
            catch (RegexMatchTimeoutException)
            {
                Timeouts++;
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            // Same rules as BanAddress (::ffff:a.b.c.d unwrapped, exactly one address), without an IPAddress.
            if (!HostKey.TryParse(match.Groups[rule.AddressGroup].ValueSpan, out var host))
            {
                continue;
            }

            int failures = _windows[i].Record(host, at);
            matches.Add(new RuleMatch(rule, host, match, failures));
            any = true;
        }

        return any;
    }
}
