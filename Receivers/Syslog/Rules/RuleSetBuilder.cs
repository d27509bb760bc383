using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// Turns <c>Receivers:Syslog:Rules</c> plus the built-ins into compiled rules, collecting every error with the
/// full key of the rule, so a bad pattern stops start-up (and <c>rules test</c>) with a message to act on.
/// </summary>
internal static class RuleSetBuilder
{
    public const int DefaultMaxRetry = 5;
    public static readonly TimeSpan DefaultFindTime = TimeSpan.FromMinutes(10);

    /// <summary>The fail2ban-style token operators may write instead of a named address group.</summary>
    public const string HostToken = "<HOST>";

    private const string AddressGroupPattern = "(?<address>[0-9A-Fa-f:.]+)";
    private static readonly TimeSpan OperatorMatchTimeout = TimeSpan.FromMilliseconds(250);

    public static IReadOnlyList<DetectionRule> Build(SyslogReceiverOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<DetectionRule>();
        foreach (var builtIn in BuiltInRules.All)
        {
            options.Rules.TryGetValue(builtIn.Name, out var tuning);
            if (tuning is { Enabled: false })
            {
                continue;
            }

            string key = $"{SyslogReceiverOptions.SectionName}:Rules:{builtIn.Name}";
            if (tuning?.Pattern is not null)
            {
                errors.Add($"{key}:Pattern cannot be set: {builtIn.Name} is a built-in rule (tune MaxRetry/FindTime/BanTime/Programs, or pick another name)");
                continue;
            }

            rules.Add(new DetectionRule(
                builtIn.Name,
                builtIn: true,
                tuning is { Programs.Count: > 0 } ? tuning.Programs : builtIn.Programs,
                tuning is { Prefilter.Count: > 0 } ? tuning.Prefilter : builtIn.Prefilter,
                builtIn.Pattern,
                tuning?.MaxRetry ?? DefaultMaxRetry,
                tuning?.FindTime ?? DefaultFindTime,
                tuning?.BanTime));
        }

        foreach (var (name, rule) in options.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (BuiltInRules.Find(name) is not null || !rule.Enabled)
            {
                continue;
            }

            string key = $"{SyslogReceiverOptions.SectionName}:Rules:{name}";
            if (TryCompile(key, rule.Pattern, errors) is { } regex)
            {
                rules.Add(new DetectionRule(
                    name, builtIn: false, rule.Programs, rule.Prefilter, regex, rule.MaxRetry ?? DefaultMaxRetry, rule.FindTime ?? DefaultFindTime, rule.BanTime));
            }
        }

        return rules;
    }

    private static Regex? TryCompile(string key, string? pattern, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            errors.Add($"{key}:Pattern is required for a rule that is not built in");
            return null;
        }

        Regex regex;
        try
        {
            // Operator patterns run on attacker-influenced text: the non-backtracking engine keeps each match
            // linear in the line's length, and the timeout is a second fence.
            regex = new Regex(
                pattern.Replace(HostToken, AddressGroupPattern, StringComparison.Ordinal),
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
                OperatorMatchTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            errors.Add($"{key}:Pattern is not a valid non-backtracking .NET regular expression: {ex.Message}");
            return null;
        }

        if (regex.GroupNumberFromName("address") < 0)
        {
            errors.Add($"{key}:Pattern must capture the attacker in a group named 'address' (or contain {HostToken})");
            return null;
        }

        return regex;
    }
}
