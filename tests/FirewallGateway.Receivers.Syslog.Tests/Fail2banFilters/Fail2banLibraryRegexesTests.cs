using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;
using Xunit.Abstractions;

namespace FirewallGateway.Receivers.Syslog.Tests.Fail2banFilters;

/// <summary>
/// The table of fail2ban's Debian filter library compiled ahead of time (<see cref="Fail2banLibraryRegexes"/>):
/// it holds exactly the regexes the installed filters translate to (so it is current with the translator and the
/// library), a filter from the library gets them, and a precompiled regex finds what the interpreter finds, with
/// the same groups, on every line of fail2ban's sample logs and on hostile lines; so does a <see cref="RegexCopy"/>.
/// Regenerate the table with <c>FWGW_REGENERATE_LIBRARY_REGEXES=1 dotnet test … --filter Fail2banLibraryRegexesTests</c>.
/// </summary>
public sealed class Fail2banLibraryRegexesTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";
    private const string TableFile = "Receivers/Syslog/Fail2banFilters/Fail2banLibraryRegexes.Table.cs";

    private readonly ITestOutputHelper _output;

    public Fail2banLibraryRegexesTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The table is what the generation writes today. Date templates hold fail2ban's "years up to three ahead"
    /// (<c>%ExY</c>): once the years move on (a new decade comes within three years), those few date regexes miss
    /// the table (they are built at run time, slower, never wrong) until it is regenerated; then only the filters'
    /// regexes are held to it.
    /// </summary>
    [Fact]
    public void Table_IsWhatTheInstalledLibraryTranslatesTo()
    {
        string expected = TableSource(LibraryRegexes());
        string path = Path.Combine(RepositoryRoot(), TableFile);
        if (Environment.GetEnvironmentVariable("FWGW_REGENERATE_LIBRARY_REGEXES") == "1")
        {
            File.WriteAllText(path, expected);
        }

        string table = File.ReadAllText(path);
        if (table.Contains(YearsLine(), StringComparison.Ordinal))
        {
            Assert.True(expected == table, $"{TableFile} is not what the installed filter library translates to: regenerate it (see this test's summary)");
        }
    }

    [Fact]
    public void EveryDebianFilter_GetsItsRegexesPrecompiled()
    {
        var regexes = LibraryRegexes();
        Assert.True(regexes.Count >= 200, $"only {regexes.Count} regexes read");
        Assert.Contains(regexes, r => r.Options != RegexOptions.CultureInvariant);
        foreach (var (pattern, options) in regexes.Where(r => !r.Pattern.Contains(Fail2banDateDetector.YearsNearNow(), StringComparison.Ordinal)))
        {
            Assert.True(Fail2banLibraryRegexes.Find(pattern, options) is { } found && found.ToString() == pattern && found.Options == options, $"not precompiled: {pattern}");
            Assert.NotNull(Fail2banLibraryRegexes.Find(pattern, options | RegexOptions.Compiled));
        }

        var (first, firstOptions) = regexes[0];
        Assert.Null(Fail2banLibraryRegexes.Find(first + "x", firstOptions));
        Assert.Null(Fail2banLibraryRegexes.Find(first, firstOptions ^ RegexOptions.IgnoreCase));
    }

    [Fact]
    public void SshdFilter_RunsOnPrecompiledRegexes_AnEditedOneOnTheInterpreter()
    {
        var definition = Fail2banFilterDefinition.Load(Path.Combine(FilterFolder, "sshd.conf"), new Dictionary<string, string>());
        string failregex = Fail2banRegexTranslator.Translate(definition.FailRegex[0]);
        Assert.NotNull(Fail2banLibraryRegexes.Find(failregex, RegexOptions.CultureInvariant));
        Assert.Null(Fail2banLibraryRegexes.Find(failregex.Replace("from", "frm", StringComparison.Ordinal), RegexOptions.CultureInvariant));
    }

    /// <summary>
    /// Every precompiled regex against the interpreter on every sample-log line of its filter (whole, without its
    /// date, from the first <c>": "</c> on) and on hostile lines: same success, same span, same named groups.
    /// </summary>
    [Fact]
    public void PrecompiledRegexes_FindWhatTheInterpreterFinds()
    {
        string[] hostile =
        [
            string.Empty,
            "\n",
            new string(' ', 600) + "\n",
            "Failed password for " + string.Concat(Enumerable.Repeat("invalid user from ", 30)) + "from 1.0.1.9 port 22 ssh2\n",
            "User " + new string('x', 600) + " from 1.0.1.9 not allowed because not listed in AllowUsers\n",
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.0.1.9 " + new string('=', 600) + "\n",
            "Nov 22 00:00:00 host sshd[1]: \u0000\u00ff\u2028 Failed password for root from ::ffff:1.0.1.9 port 22 ssh2\n",
        ];
        int compared = 0, matched = 0, timedOut = 0;
        foreach (var (file, definition) in LibraryFilters())
        {
            string sample = Path.Combine(SampleFolder, Path.GetFileNameWithoutExtension(file));
            var texts = (File.Exists(sample) ? File.ReadLines(sample) : []).SelectMany(Texts).Concat(hostile).ToList();
            foreach (var (pattern, options) in Regexes(definition).Where(r => !r.Pattern.Contains(Fail2banDateDetector.YearsNearNow(), StringComparison.Ordinal)))
            {
                var precompiled = Fail2banLibraryRegexes.Find(pattern, options)!;
                var interpreted = new Regex(pattern, options, TimeSpan.FromSeconds(5));
                var copy = new RegexCopy(precompiled);
                string[] names = interpreted.GetGroupNames();
                Assert.Equal(names, precompiled.GetGroupNames());
                Assert.Equal(names, copy.GetGroupNames());
                Assert.Equal((pattern, options, precompiled.MatchTimeout), (copy.ToString(), copy.Options, copy.MatchTimeout));
                foreach (string text in texts)
                {
                    if (Run(interpreted, text) is not { } expected || Run(precompiled, text) is not { } actual || Run(copy, text) is not { } copied)
                    {
                        timedOut++;
                        continue;
                    }

                    compared++;
                    matched += expected.Success ? 1 : 0;
                    AssertSame(expected, actual, names, $"/{pattern}/ on {text}");
                    AssertSame(expected, copied, names, $"copy of /{pattern}/ on {text}");
                }
            }
        }

        _output.WriteLine($"runs compared: {compared}, matches: {matched}, timed out (hostile lines, either form): {timedOut}");
        Assert.True(matched >= 500, $"only {matched} matches compared: the test would not see a difference");
    }

    private static void AssertSame(Match expected, Match actual, string[] names, string what)
    {
        Assert.True(expected.Success == actual.Success && expected.Index == actual.Index && expected.Length == actual.Length, what);
        foreach (string name in expected.Success ? names : [])
        {
            Assert.True(
                (expected.Groups[name].Success, expected.Groups[name].Index, expected.Groups[name].Length) == (actual.Groups[name].Success, actual.Groups[name].Index, actual.Groups[name].Length),
                $"group {name}: {what}");
        }
    }

    /// <summary>The match, or null when it timed out: how long a run takes is not what is compared (a loaded host).</summary>
    private static Match? Run(Regex regex, string text)
    {
        try
        {
            return regex.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static List<(string File, Fail2banFilterDefinition Definition)> LibraryFilters()
    {
        var filters = new List<(string, Fail2banFilterDefinition)>();
        foreach (string file in Directory.GetFiles(FilterFolder, "*.conf").Order(StringComparer.Ordinal))
        {
            try
            {
                var definition = Fail2banFilterDefinition.Load(file, new Dictionary<string, string>());
                if (definition.FailRegex.Count > 0 && definition.MaxLines <= 1)
                {
                    _ = new Fail2banFilter(definition, RegexOptions.None);
                    filters.Add((file, definition));
                }
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
            {
                // Not a filter the gateway imports: nothing of it to precompile.
            }
        }

        return filters;
    }

    /// <summary>The .NET regexes of a filter and its date templates, as <see cref="Fail2banFilter"/> builds them.</summary>
    private static IEnumerable<(string Pattern, RegexOptions Options)> Regexes(Fail2banFilterDefinition definition) =>
        new[] { definition.PrefRegex }.Concat(definition.FailRegex).Concat(definition.IgnoreRegex)
            .Where(r => !string.IsNullOrEmpty(r)).Select(r => (Fail2banRegexTranslator.Translate(r!), RegexOptions.CultureInvariant))
            .Concat(Fail2banDateDetector.For(definition.DatePattern).Regexes);

    private static List<(string Pattern, RegexOptions Options)> LibraryRegexes() =>
        [.. LibraryFilters().SelectMany(f => Regexes(f.Definition)).Distinct()
            .OrderBy(r => Fail2banLibraryRegexes.Key(r.Pattern, r.Options), StringComparer.Ordinal)];

    private static string YearsLine() => "// %ExY (fail2ban's years up to three ahead) as of generation: " + Fail2banDateDetector.YearsNearNow() + "\n";

    private static string TableSource(List<(string Pattern, RegexOptions Options)> regexes)
    {
        var text = new StringBuilder();
        text.Append("// <auto-generated>\n")
            .Append("// Written by Fail2banLibraryRegexesTests (FWGW_REGENERATE_LIBRARY_REGEXES=1) from the regexes of every filter of\n")
            .Append("// /etc/fail2ban/filter.d (Debian fail2ban ").Append(Fail2banVersion()).Append(") that the gateway imports, translated to .NET.\n")
            .Append(YearsLine())
            .Append("// </auto-generated>\n")
            .Append("#nullable enable\n")
            .Append("using System.Text.RegularExpressions;\n\n")
            .Append("namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;\n\n")
            .Append("internal static partial class Fail2banLibraryRegexes\n{\n")
            .Append("    private static Regex? Precompiled(string key) => key switch\n    {\n");
        for (int i = 0; i < regexes.Count; i++)
        {
            text.Append("        ").Append(Literal(Fail2banLibraryRegexes.Key(regexes[i].Pattern, regexes[i].Options)))
                .Append(" => R").Append(i.ToString(CultureInfo.InvariantCulture)).Append("(),\n");
        }

        text.Append("        _ => null,\n    };\n");
        for (int i = 0; i < regexes.Count; i++)
        {
            string options = string.Join(" | ", regexes[i].Options.ToString().Split(", ").Select(o => "RegexOptions." + o));
            text.Append("\n    [GeneratedRegex(").Append(Literal(regexes[i].Pattern)).Append(", ").Append(options).Append(", TimeoutMilliseconds)]\n")
                .Append("    private static partial Regex R").Append(i.ToString(CultureInfo.InvariantCulture)).Append("();\n");
        }

        return text.Append("}\n").ToString();
    }

    /// <summary>A C# regular string literal (every pattern on one line, whatever characters it holds).</summary>
    private static string Literal(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ when c < ' ' || c > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static string Fail2banVersion()
    {
        string version = File.ReadLines("/usr/lib/python3/dist-packages/fail2ban/version.py")
            .First(l => l.StartsWith("version = ", StringComparison.Ordinal));
        return version["version = ".Length..].Trim('"', '\'', ' ');
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FirewallGateway.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("FirewallGateway.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The line, the line without a leading syslog date and its text after the first <c>": "</c> (what the regexes see).</summary>
    private static IEnumerable<string> Texts(string line)
    {
        if (line.StartsWith('#'))
        {
            yield break;
        }

        yield return line + "\n";
        if (line.Length > 16)
        {
            yield return line[15..] + "\n";
        }

        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            yield return line[(colon + 2)..] + "\n";
        }
    }
}
