using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;
using Xunit.Abstractions;

namespace FirewallGateway.Receivers.Syslog.Tests.Fail2banFilters;

/// <summary>
/// The literal prefilter of imported filters: a line without the literal never matches (so skipping the regex
/// loses nothing), a line with it still does, and patterns whose text is not certain give no literal.
/// </summary>
public sealed class RequiredLiteralTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";

    private readonly ITestOutputHelper _output;

    public RequiredLiteralTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(@"^Failed \S+ for (?<user>.*?) from (?<ip4>\d+)", "Failed ")]
    [InlineData(@"^(?<user>ROOT) LOGIN REFUSED FROM (?:\d{1,3}\.){3}\d{1,3}", "ROOT LOGIN REFUSED FROM ")]
    [InlineData(@"^[iI](?:llegal|nvalid) user (?<user>.*?) from", " user ")]
    [InlineData(@"^(?<nofail>Received (?<mlfforget>disconnect)) from \d+:\s*11:", "Received disconnect from ")]
    [InlineData(@"^refused connect from \S+ \((?<ip>\S+)\)", "refused connect from ")]
    [InlineData(@"abc\.def\[x\]", "abc.def[x]")]
    [InlineData(@"^Disconnectin(?:g)? user (?<u>\k<u>) fooo", "Disconnectin")]
    [InlineData(@"^abcd?ef", "abc")]
    [InlineData(@"^abc{2}de", "ab")]
    [InlineData(@"x(?=look ahead)yzw", "yzw")]
    [InlineData(@"(?(cond)first|second) tail text", " tail text")]
    [InlineData(@"\p{Lu}\k<name>literal", "literal")]
    [InlineData(@"a{not a quantifier}", "a{not a quantifier}")]
    [InlineData(@"[^]x]yz(?:uvw)+end", "end")]
    public void Of_Pattern_GivesTheTextEveryMatchHas(string pattern, string? expected)
    {
        Assert.Equal(expected is { Length: >= RequiredLiteral.MinimumLength } ? expected : null, RequiredLiteral.Of(pattern, RegexOptions.None));
    }

    [Theory]
    [InlineData(@"^Failed password|^Accepted key")]
    [InlineData(@"(?i)failed password")]
    [InlineData(@"^foo(?i:BAR) baz")]
    [InlineData(@"(?x) spaced pattern")]
    [InlineData(@"(?:optional text)?")]
    [InlineData(@"(?:one|two) a")]
    [InlineData(@"ab")]
    public void Of_NothingCertain_GivesNoLiteral(string pattern)
    {
        Assert.Null(RequiredLiteral.Of(pattern, RegexOptions.None));
    }

    [Fact]
    public void Of_CaseInsensitiveOptions_GivesNoLiteral()
    {
        Assert.Null(RequiredLiteral.Of("Failed password", RegexOptions.IgnoreCase));
        Assert.Equal("Failed password", RequiredLiteral.Of("Failed password", RegexOptions.CultureInvariant));
    }

    [Fact]
    public void Sshd_LineWithoutTheLiteral_NeverMatches_LineWithItStillDoes()
    {
        var definition = Fail2banFilterDefinition.Load(Path.Combine(FilterFolder, "sshd.conf"), new Dictionary<string, string>());
        const string line = "Failed password for root from 1.0.1.9 port 22 ssh2\n";
        var regex = definition.FailRegex.Select(r => new Regex(Fail2banRegexTranslator.Translate(r), RegexOptions.CultureInvariant)).First(r => r.IsMatch(line));
        string literal = RequiredLiteral.Of(regex.ToString(), regex.Options)!;
        Assert.Equal("Failed ", literal);

        string without = line.Replace("Failed ", "Faile_ ", StringComparison.Ordinal);
        Assert.DoesNotContain(literal, without, StringComparison.Ordinal);
        Assert.DoesNotMatch(regex, without);
    }

    /// <summary>
    /// Every regex of every Debian filter, on every line of fail2ban's sample logs (whole, without its
    /// date and from the first <c>": "</c> on, roughly what the failregexes see): whenever the regex matches, the line holds its literal.
    /// </summary>
    [Fact]
    public void EveryDebianFilterRegex_OnTheSampleLogs_MatchesOnlyLinesWithItsLiteral()
    {
        int regexes = 0, withLiteral = 0, matches = 0;
        foreach (string file in Directory.GetFiles(FilterFolder, "*.conf").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            string sample = Path.Combine(SampleFolder, name);
            if (!File.Exists(sample))
            {
                continue;
            }

            Fail2banFilterDefinition definition;
            Fail2banFilter filter;
            try
            {
                definition = Fail2banFilterDefinition.Load(file, new Dictionary<string, string>());
                filter = new Fail2banFilter(definition, RegexOptions.None);
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or FormatException)
            {
                continue;
            }

            var texts = File.ReadLines(sample).SelectMany(line => Texts(line, filter)).ToList();
            foreach (string source in definition.FailRegex.Concat(definition.IgnoreRegex).Append(definition.PrefRegex ?? string.Empty).Where(r => r.Length > 0))
            {
                Regex regex;
                try
                {
                    regex = new Regex(Fail2banRegexTranslator.Translate(source), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
                }
                catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
                {
                    continue;
                }

                regexes++;
                if (RequiredLiteral.Of(regex.ToString(), regex.Options) is not { } literal)
                {
                    continue;
                }

                withLiteral++;
                foreach (string text in texts.Where(t => regex.IsMatch(t)))
                {
                    matches++;
                    Assert.True(text.Contains(literal, StringComparison.Ordinal), $"{name}: /{regex}/ matched a line without [{literal}]: {text}");
                }
            }
        }

        _output.WriteLine($"regexes: {regexes}, with a literal: {withLiteral}, matching lines checked: {matches}");
        Assert.True(regexes >= 200, $"only {regexes} regexes read");
        Assert.True(withLiteral >= regexes / 2, $"only {withLiteral} of {regexes} regexes have a literal");
        Assert.True(matches >= 500, $"only {matches} matching lines checked: the test would not see a wrong literal");
    }

    /// <summary>The line, the line without its date (what a prefregex sees) and its text after the first <c>": "</c>.</summary>
    private static IEnumerable<string> Texts(string line, Fail2banFilter filter)
    {
        yield return line + "\n";
        string dateless = WithoutDate(line, filter);
        yield return dateless + "\n";
        int colon = dateless.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            yield return dateless[(colon + 2)..] + "\n";
        }
    }

    private static string WithoutDate(string line, Fail2banFilter filter)
    {
        try
        {
            return filter.WithoutDate(line);
        }
        catch (RegexMatchTimeoutException)
        {
            // A loaded host paused the date search; this test is about the failregexes' literals, not dates.
            return line;
        }
    }
}
