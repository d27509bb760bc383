using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;

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

    public static IReadOnlyList<DetectionRule> Build(SyslogReceiverOptions options, List<string> errors) =>
        Build(options, errors, [], RegexOptions.Compiled);

    /// <summary>
    /// Builds every rule; <paramref name="notes"/> gets one line per fail2ban filter not used (with the reason) or
    /// option ignored. <paramref name="importRegexOptions"/>: Compiled for the listener's steady state, None
    /// where only validity matters (start-up validation) or the input is short.
    /// </summary>
    public static IReadOnlyList<DetectionRule> Build(SyslogReceiverOptions options, List<string> errors, List<string> notes, RegexOptions importRegexOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<DetectionRule>();
        BuiltInRules.WarmUp();
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

            var programs = tuning is { Programs.Count: > 0 } ? tuning.Programs : [.. builtIn.Programs];
            var prefilter = tuning is { Prefilter.Count: > 0 } ? tuning.Prefilter : [.. builtIn.Prefilter];
            int maxRetry = tuning?.MaxRetry ?? DefaultMaxRetry;
            var findTime = tuning?.FindTime ?? DefaultFindTime;
            rules.Add(builtIn.Connections is { } connections
                ? new DetectionRule(builtIn.Name, programs, prefilter, builtIn.Pattern, connections, maxRetry, findTime, tuning?.BanTime)
                : new DetectionRule(builtIn.Name, builtIn: true, programs, prefilter, builtIn.Pattern, maxRetry, findTime, tuning?.BanTime));
        }

        foreach (var (name, rule) in options.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (BuiltInRules.Find(name) is not null || !rule.Enabled || name.StartsWith(Fail2banFilterLoader.RulePrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (rule.Mode is not null)
            {
                errors.Add($"{SyslogReceiverOptions.SectionName}:Rules:{name}:Mode applies to imported fail2ban filters (f2b-<name>) only");
            }

            string key = $"{SyslogReceiverOptions.SectionName}:Rules:{name}";
            if (TryCompile(key, rule.Pattern, errors) is { } regex)
            {
                rules.Add(new DetectionRule(
                    name, builtIn: false, rule.Programs, rule.Prefilter, regex, rule.MaxRetry ?? DefaultMaxRetry, rule.FindTime ?? DefaultFindTime, rule.BanTime));
            }
        }

        AddImported(options, errors, notes, importRegexOptions, rules);
        return rules;
    }

    private static void AddImported(SyslogReceiverOptions options, List<string> errors, List<string> notes, RegexOptions regexOptions, List<DetectionRule> rules)
    {
        var import = Fail2banFilterLoader.Load(
            options.Fail2banFilters, name => options.Rules.GetValueOrDefault(name)?.Mode, errors, regexOptions);
        notes.AddRange(import.Unsupported.Select(u => "fail2ban filter not used: " + u));
        notes.AddRange(import.Notes.Select(n => "fail2ban filter note: " + n));
        var imported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var filter in import.Filters)
        {
            string name = Fail2banFilterLoader.RulePrefix + filter.Name;
            imported.Add(name);
            options.Rules.TryGetValue(name, out var tuning);
            if (tuning is { Enabled: false })
            {
                continue;
            }

            if (tuning?.Pattern is not null)
            {
                errors.Add($"{SyslogReceiverOptions.SectionName}:Rules:{name}:Pattern cannot be set: {name} is an imported fail2ban filter (tune MaxRetry/FindTime/BanTime/Mode)");
                continue;
            }

            rules.Add(new DetectionRule(name, filter, tuning?.MaxRetry ?? DefaultMaxRetry, tuning?.FindTime ?? DefaultFindTime, tuning?.BanTime));
        }

        foreach (string name in options.Rules.Keys.Where(n => n.StartsWith(Fail2banFilterLoader.RulePrefix, StringComparison.OrdinalIgnoreCase) && !imported.Contains(n)))
        {
            errors.Add($"{SyslogReceiverOptions.SectionName}:Rules:{name} names no loaded fail2ban filter (see Fail2banFilters; {Fail2banFilterLoader.RulePrefix}<file name>)");
        }
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
