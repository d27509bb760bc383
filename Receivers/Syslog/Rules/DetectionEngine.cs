using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// Runs every rule over a parsed message: program filter, prefilter, then the pattern on a string made once
/// per message (only when some prefilter passed), then the rule's failure window. One worker owns an engine.
/// </summary>
internal sealed class DetectionEngine
{
    private const int AddressCacheLimit = 65_536;
    private readonly DetectionRule[] _rules;
    private readonly FailureWindow[] _windows;

    // Attackers repeat themselves: remembering the parsed form of recent address texts spares the parse and
    // its allocations on most matches. Cleared when full, so it stays bounded under a flood of new addresses.
    private readonly Dictionary<string, BanAddress> _addressCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BanAddress>.AlternateLookup<ReadOnlySpan<char>> _addressLookup;

    public DetectionEngine(IReadOnlyList<DetectionRule> rules, int maxTrackedAddresses)
    {
        _rules = [.. rules];
        _windows = [.. rules.Select(r => new FailureWindow(r.MaxRetry, r.FindTime, maxTrackedAddresses))];
        _addressLookup = _addressCache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<DetectionRule> Rules => _rules;

    /// <summary>Pattern runs that hit the match timeout (counted, never thrown).</summary>
    public long Timeouts { get; private set; }

    public FailureWindow WindowOf(int ruleIndex) => _windows[ruleIndex];

    /// <summary>Adds a match to <paramref name="matches"/> for each rule that matched; returns whether any did.</summary>
    public bool Process(in SyslogMessage message, DateTimeOffset at, List<RuleMatch> matches)
    {
        var text = message.Text;
        string? input = null;
        bool any = false;
        for (int i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!rule.AppliesTo(message.Program, message.Topics) || !rule.PassesPrefilter(text))
            {
                continue;
            }

            input ??= text.ToString();
            Match match;
            try
            {
                match = rule.Pattern.Match(input);
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

            // BanAddress unwraps ::ffff:a.b.c.d and refuses anything that is not exactly one address.
            if (!TryGetAddress(match.Groups[rule.AddressGroup].ValueSpan, out var address))
            {
                continue;
            }

            string? user = rule.UserGroup >= 0 && match.Groups[rule.UserGroup].Success ? match.Groups[rule.UserGroup].Value : null;
            int failures = _windows[i].Record(address, at);
            matches.Add(new RuleMatch(rule, address, user, failures));
            any = true;
        }

        return any;
    }

    private bool TryGetAddress(ReadOnlySpan<char> text, out BanAddress address)
    {
        if (_addressLookup.TryGetValue(text, out address))
        {
            return true;
        }

        if (!BanAddress.TryParse(text, out address) || !address.IsSingleAddress)
        {
            return false;
        }

        if (_addressCache.Count >= AddressCacheLimit)
        {
            _addressCache.Clear();
        }

        _addressLookup[text] = address;
        return true;
    }
}
