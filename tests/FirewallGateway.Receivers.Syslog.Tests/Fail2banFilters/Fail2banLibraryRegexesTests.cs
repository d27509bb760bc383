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
/// the same groups, on every line of fail2ban's sample logs and on hostile lines.
/// Regenerate the table with <c>FWGW_REGENERATE_LIBRARY_REGEXES=1 dotnet test … --filter Fail2banLibraryRegexesTests</c>.
/// </summary>
public sealed class Fail2banLibraryRegexesTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";
    private const string TableFile = "Receivers/Syslog/Fail2banFilters/Fail2banLibraryRegexes.Table.cs";

    private readonly ITestOutputHelper _output;

    public Fail2banLibraryRegexesTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Table_HoldsExactlyTheDebianLibrarysRegexes()
    {
        string expected = TableSource(LibraryPatterns());
        string path = Path.Combine(RepositoryRoot(), TableFile);
        if (Environment.GetEnvironmentVariable("FWGW_REGENERATE_LIBRARY_REGEXES") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(expected == File.ReadAllText(path), $"{TableFile} is not what the installed filter library translates to: regenerate it (see this test's summary)");
    }

    [Fact]
    public void EveryDebianFilter_GetsItsRegexesPrecompiled()
    {
        var patterns = LibraryPatterns();
        Assert.True(patterns.Count >= 200, $"only {patterns.Count} regexes read");
        foreach (string pattern in patterns)
        {
            Assert.True(Fail2banLibraryRegexes.Find(pattern, RegexOptions.CultureInvariant) is not null, $"not precompiled: {pattern}");
        }

        Assert.Null(Fail2banLibraryRegexes.Find(patterns[0] + "x", RegexOptions.CultureInvariant));
        Assert.Null(Fail2banLibraryRegexes.Find(patterns[0], RegexOptions.CultureInvariant | RegexOptions.IgnoreCase));
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
            new string(' ', 5000) + "\n",
            "Failed password for " + string.Concat(Enumerable.Repeat("invalid user from ", 200)) + "from 1.0.1.9 port 22 ssh2\n",
            "User " + new string('x', 3000) + " from 1.0.1.9 not allowed because not listed in AllowUsers\n",
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.0.1.9 " + new string('=', 2000) + "\n",
            "Nov 22 00:00:00 host sshd[1]: \u0000\u00ff\u2028 Failed password for root from ::ffff:1.0.1.9 port 22 ssh2\n",
        ];
        int compared = 0, matched = 0;
        foreach (var (file, definition) in LibraryFilters())
        {
            string sample = Path.Combine(SampleFolder, Path.GetFileNameWithoutExtension(file));
            var texts = (File.Exists(sample) ? File.ReadLines(sample) : []).SelectMany(Texts).Concat(hostile).ToList();
            foreach (string pattern in Patterns(definition))
            {
                var precompiled = Fail2banLibraryRegexes.Find(pattern, RegexOptions.CultureInvariant)!;
                var interpreted = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
                string[] names = interpreted.GetGroupNames();
                Assert.Equal(names, precompiled.GetGroupNames());
                foreach (string text in texts)
                {
                    var expected = interpreted.Match(text);
                    var actual = precompiled.Match(text);
                    compared++;
                    Assert.True(expected.Success == actual.Success && expected.Index == actual.Index && expected.Length == actual.Length, $"/{pattern}/ on {text}");
                    if (expected.Success)
                    {
                        matched++;
                        foreach (string name in names)
                        {
                            Assert.Equal((expected.Groups[name].Success, expected.Groups[name].Index, expected.Groups[name].Length), (actual.Groups[name].Success, actual.Groups[name].Index, actual.Groups[name].Length));
                        }
                    }
                }
            }
        }

        _output.WriteLine($"runs compared: {compared}, matches: {matched}");
        Assert.True(matched >= 500, $"only {matched} matches compared: the test would not see a difference");
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

    /// <summary>The .NET patterns of a filter, as <see cref="Fail2banFilter"/> builds them.</summary>
    private static IEnumerable<string> Patterns(Fail2banFilterDefinition definition) =>
        new[] { definition.PrefRegex }.Concat(definition.FailRegex).Concat(definition.IgnoreRegex)
            .Where(r => !string.IsNullOrEmpty(r)).Select(r => Fail2banRegexTranslator.Translate(r!));

    private static List<string> LibraryPatterns() =>
        [.. LibraryFilters().SelectMany(f => Patterns(f.Definition)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string TableSource(List<string> patterns)
    {
        var text = new StringBuilder();
        text.Append("// <auto-generated>\n")
            .Append("// Written by Fail2banLibraryRegexesTests (FWGW_REGENERATE_LIBRARY_REGEXES=1) from the regexes of every filter of\n")
            .Append("// /etc/fail2ban/filter.d (Debian fail2ban ").Append(Fail2banVersion()).Append(") that the gateway imports, translated to .NET.\n")
            .Append("// </auto-generated>\n")
            .Append("#nullable enable\n")
            .Append("using System.Text.RegularExpressions;\n\n")
            .Append("namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;\n\n")
            .Append("internal static partial class Fail2banLibraryRegexes\n{\n")
            .Append("    private static Regex? Precompiled(string pattern) => pattern switch\n    {\n");
        for (int i = 0; i < patterns.Count; i++)
        {
            text.Append("        ").Append(Literal(patterns[i])).Append(" => R").Append(i.ToString(CultureInfo.InvariantCulture)).Append("(),\n");
        }

        text.Append("        _ => null,\n    };\n");
        for (int i = 0; i < patterns.Count; i++)
        {
            text.Append("\n    [GeneratedRegex(").Append(Literal(patterns[i])).Append(", Options, TimeoutMilliseconds)]\n")
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
