namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>What <c>rules test</c> found in a file.</summary>
/// <param name="Lines">Lines read.</param>
/// <param name="Unparsed">Lines that could not be read as a message (empty, bad PRI, bad RFC 5424 header).</param>
/// <param name="Notes">fail2ban filters not used (with the reason) and options ignored.</param>
/// <param name="Rules">Per rule, in rule order.</param>
/// <param name="Timeouts">Pattern runs that hit the match timeout (their lines counted as not matched).</param>
public sealed record RulesTestReport(long Lines, long Unparsed, IReadOnlyList<string> Notes, IReadOnlyList<RuleTestResult> Rules, long Timeouts = 0);

/// <summary>One rule's result.</summary>
/// <param name="Rule">The rule name.</param>
/// <param name="BuiltIn">True for a shipped rule.</param>
/// <param name="MaxRetry">Failures that make a ban.</param>
/// <param name="FindTime">The window they are counted in.</param>
/// <param name="Matched">Lines the rule matched (with a usable address).</param>
/// <param name="MatchedLines">The first matched line numbers (1-based, at most 1000).</param>
/// <param name="Bans">The addresses that would be banned, in order of their first ban.</param>
public sealed record RuleTestResult(
    string Rule, bool BuiltIn, int MaxRetry, TimeSpan FindTime, long Matched, IReadOnlyList<long> MatchedLines, IReadOnlyList<WouldBan> Bans);

/// <summary>An address the rule would ban.</summary>
/// <param name="Address">The canonical address.</param>
/// <param name="Bans">How many times it reached MaxRetry within FindTime.</param>
/// <param name="FirstBanLine">The line whose failure completed the first ban.</param>
/// <param name="Failures">Lines the rule matched for this address.</param>
public sealed record WouldBan(string Address, int Bans, long FirstBanLine, long Failures);
