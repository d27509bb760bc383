using System.Globalization;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Receivers.Syslog.Testing;

namespace FirewallGateway.Receivers.Syslog.Tests.Testing;

/// <summary>
/// <c>rules test</c> matches batches of lines on several threads and applies them in file order: over a log of
/// several batches (built-in rules and fail2ban's sshd filter, bans, lines without a timestamp, lines that are not
/// syslog, comments) it must find exactly what one thread running the engine line by line finds, in the same order.
/// </summary>
public sealed class ParallelRulesTestTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";
    private const string SshdFilter = FilterFolder + "/sshd.conf";
    private static readonly DateTimeOffset Reference = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Run_ManyBatches_FindsWhatTheEngineFindsLineByLine()
    {
        var lines = Log(40_000 + 123).ToList();
        var expected = LineByLine(Options(), lines);

        var actual = new List<string>();
        var report = RulesFileTester.Run(Options(), lines, Reference, (address, matched) => actual.Add(address + " " + string.Join(" | ", matched)));

        Assert.True(expected.Count > 5_000, $"only {expected.Count} failures: the log does not exercise the rules");
        Assert.Equal(expected, actual);
        Assert.Equal(lines.Count, report.Lines);
        Assert.Contains(report.Rules, r => r.Rule == "sshd" && r.Bans.Count > 100);
        Assert.Contains(report.Rules, r => r.Rule == "f2b-sshd" && r.Bans.Count > 100);
    }

    [Fact]
    public void Run_OnlyTheImportedFilter_ScansInParallelAndFindsWhatTheEngineFindsLineByLine()
    {
        // Only the filter (as --fail2ban-filter runs it): every line's regex work is on the pool's threads.
        var lines = Log(40_000 + 77).ToList();
        var expected = LineByLine(FilterOnly(SshdFilter), lines);

        var actual = new List<string>();
        RulesFileTester.Run(FilterOnly(SshdFilter), lines, Reference, (address, matched) => actual.Add(address + " " + string.Join(" | ", matched)));

        Assert.True(expected.Count > 5_000, $"only {expected.Count} failures: the log does not exercise the filter");
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Every Debian filter over fail2ban's sample log of its name, repeated to span several batches: the filters
    /// that follow a connection over lines (<c>&lt;F-MLFID&gt;</c>, <c>F-NOFAIL</c>, <c>F-MLFGAINED</c>) keep their
    /// state in line order although their regexes ran on other threads; and the empty lines the samples hold, which
    /// <c>rules test</c> skips as fail2ban-regex does, change no failure when the filters do read them.
    /// </summary>
    [Fact]
    public void Run_EveryFilterSampleLog_ParallelScansGiveTheLineByLineFailures()
    {
        var samples = Directory.GetFiles(FilterFolder, "*.conf").Order(StringComparer.Ordinal)
            .Select(f => (Filter: f, Sample: Path.Combine(SampleFolder, Path.GetFileNameWithoutExtension(f))))
            .Where(f => File.Exists(f.Sample))
            .ToList();
        Assert.True(samples.Count >= 80, $"fail2ban's sample logs: only {samples.Count} filters have one");
        int multiLine = 0, failures = 0, emptyLines = 0;
        foreach (var (filter, sample) in samples)
        {
            var options = FilterOnly(filter);
            var notes = new List<string>();
            if (RuleSetBuilder.Build(options, [], notes, System.Text.RegularExpressions.RegexOptions.None).Count == 0)
            {
                continue;
            }

            var once = File.ReadAllLines(sample);
            var lines = Enumerable.Repeat(once, Math.Max(2, LineBatch.Size * 2 / Math.Max(1, once.Length))).SelectMany(l => l).ToList();
            var expected = LineByLine(FilterOnly(filter), lines);
            var actual = new List<string>();
            RulesFileTester.Run(FilterOnly(filter), lines, Reference, (address, matched) => actual.Add(address + " " + string.Join(" | ", matched)));
            Assert.True(expected.SequenceEqual(actual), $"{filter}: line by line {expected.Count} failures, in parallel {actual.Count}");
            Assert.True(expected.SequenceEqual(LineByLine(FilterOnly(filter), lines, scanEmptyLines: true)), $"{filter}: skipping empty lines changed the failures");
            emptyLines += lines.Count(l => l.Length == 0);
            failures += expected.Count;
            multiLine += File.ReadAllText(filter).Contains("F-MLFID", StringComparison.Ordinal) && expected.Count > 0 ? 1 : 0;
        }

        Assert.True(multiLine >= 3, $"only {multiLine} multi-line filters found failures");
        Assert.True(failures > 10_000, $"only {failures} failures over every sample");
        Assert.True(emptyLines > 1_000, $"only {emptyLines} empty lines: skipping them was not put to the test");
    }

    private static SyslogReceiverOptions Options() => new() { Fail2banFilters = [SshdFilter] };

    private static SyslogReceiverOptions FilterOnly(string filter)
    {
        var options = new SyslogReceiverOptions { Fail2banFilters = [filter] };
        foreach (var builtIn in BuiltInRules.All)
        {
            options.Rules[builtIn.Name] = new SyslogRuleOptions { Enabled = false };
        }

        return options;
    }

    /// <summary>
    /// The single-threaded reference: the receiver's own engine, one line after the other; empty lines skipped as
    /// fail2ban-regex and <c>rules test</c> skip them, or (<paramref name="scanEmptyLines"/>) given to the filters.
    /// </summary>
    private static List<string> LineByLine(SyslogReceiverOptions options, List<string> lines, bool scanEmptyLines = false)
    {
        var engine = new DetectionEngine(RuleSetBuilder.Build(options, [], [], System.Text.RegularExpressions.RegexOptions.None), options.MaxTrackedAddresses);
        var found = new List<string>();
        var matches = new List<RuleMatch>();
        var at = Reference;
        foreach (string line in lines)
        {
            matches.Clear();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (!SyslogParser.TryParse(line, requirePriority: false, out var message, out _))
            {
                if (scanEmptyLines || line.TrimEnd('\r', '\n').Length > 0)
                {
                    engine.ProcessUnparsed(line.TrimEnd('\r', '\n'), at, matches);
                }
            }
            else
            {
                if (!message.Timestamp.IsEmpty && SyslogTimestamp.TryResolve(message.Timestamp, Reference, out var stamped))
                {
                    at = stamped;
                }

                engine.Process(message, at, matches, line);
            }

            found.AddRange(matches.Select(m => m.Address + " " + string.Join(" | ", m.Imported?.Lines ?? [line])));
        }

        return found;
    }

    /// <summary>An auth log with attackers in bursts (some reaching a ban), noise, bare lines and comments.</summary>
    private static IEnumerable<string> Log(int count)
    {
        var random = new Random(16);
        var time = new DateTime(2026, 12, 2, 23, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < count; i++)
        {
            time = time.AddSeconds(random.Next(0, 3));
            string stamp = time.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
            string address = $"1.0.{random.Next(1, 4)}.{random.Next(1, 60)}";
            int pid = 1000 + random.Next(0, 50);
            yield return random.Next(0, 12) switch
            {
                0 => "# a comment line",
                1 => $"not a syslog line from {address}",
                2 => $"{stamp} web sshd[{pid}]: Connection closed by {address} port 22 [preauth]",
                3 => $"{stamp} web CRON[{pid}]: pam_unix(cron:session): session opened for user root",
                4 => $"{stamp} web sshd[{pid}]: Invalid user admin from {address} port 4{i % 1000}",
                5 => $"{stamp} web sshd-session[{pid}]: Failed password for invalid user x from {address} port 22 ssh2",
                6 => $"web sshd[{pid}]: Failed password for root from {address} port 22 ssh2",
                _ => $"{stamp} web sshd[{pid}]: Failed password for root from {address} port 22 ssh2",
            };
        }
    }
}
