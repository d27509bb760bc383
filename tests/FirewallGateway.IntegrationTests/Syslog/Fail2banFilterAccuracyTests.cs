using System.Collections.Concurrent;
using System.Text;
using FirewallGateway.Receivers.Syslog;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Receivers.Syslog.Testing;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>
/// Every filter of Debian's fail2ban package over fail2ban's own sample log of the same name (as the package
/// ships them), through the real <c>fail2ban-regex</c> and the engine of <c>rules test</c>: the failures (address
/// and lines) must be the same, in the same order. Both read the same copy of the sample, ending in a newline
/// (fail2ban-regex never reads a last line without one, as it would wait for the writer). The gateway side runs
/// in this process (one .NET start instead of 89, to keep CI time low); one filter also goes through the real
/// binary's <c>rules test --out ip-msg</c> to show the CLI prints the same.
/// </summary>
public sealed class Fail2banFilterAccuracyTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";
    private const string NotUsed = "fail2ban filter not used: ";

    /// <summary>Filters the gateway names as not supported, at most (each is printed with its reason).</summary>
    private const int MaxUnsupported = 8;

    private static string Binary => Path.Combine(AppContext.BaseDirectory, "FirewallGateway.dll");

    private readonly ITestOutputHelper _output;

    public Fail2banFilterAccuracyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task EveryDebianFilter_OnItsSampleLog_FindsWhatFail2banRegexFinds()
    {
        var filters = Directory.GetFiles(FilterFolder, "*.conf").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Path: f))
            .Where(f => File.Exists(Path.Combine(SampleFolder, f.Name)))
            .ToList();
        Assert.True(filters.Count >= 80, $"fail2ban's sample logs: only {filters.Count} filters have one");
        string folder = Directory.CreateTempSubdirectory("issue-16-f2b-accuracy-").FullName;
        var results = new ConcurrentDictionary<string, FilterResult>(StringComparer.Ordinal);
        try
        {
            using var slots = new SemaphoreSlim(2);
            await Task.WhenAll(filters.Select(async filter =>
            {
                await slots.WaitAsync();
                try
                {
                    results[filter.Name] = await CompareAsync(filter.Name, filter.Path, folder);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var report = new StringBuilder();
        var unsupported = results.Values.Where(r => r.Unsupported is not null).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var differing = results.Values.Where(r => r.Unsupported is null && r.Difference is not null).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        int same = results.Count - unsupported.Count - differing.Count;
        report.AppendLine($"filters with a sample log: {results.Count}; same failures as fail2ban-regex: {same}; not supported: {unsupported.Count}; different: {differing.Count}");
        report.AppendLine($"failures compared: {results.Values.Sum(r => r.Compared)}; fail2ban failures on addresses the gateway refuses (not canonical): {results.Values.Sum(r => r.Refused)}");
        foreach (var result in unsupported)
        {
            report.AppendLine($"  not supported: {result.Unsupported}");
        }

        foreach (var result in differing)
        {
            report.AppendLine($"  DIFFERENT {result.Name}: {result.Difference}");
        }

        _output.WriteLine(report.ToString());
        Assert.True(differing.Count == 0, report.ToString());
        Assert.True(unsupported.Count <= MaxUnsupported, report.ToString());
        Assert.True(same >= results.Count - MaxUnsupported, report.ToString());
    }

    private static async Task<FilterResult> CompareAsync(string name, string filter, string folder)
    {
        string sample = Path.Combine(folder, name + ".log");
        string text = await File.ReadAllTextAsync(Path.Combine(SampleFolder, name));
        await File.WriteAllTextAsync(sample, text.EndsWith('\n') ? text : text + "\n");
        var fail2ban = (await ProcessRunner.RunAsync(
            "fail2ban-regex", ["--usedns", "no", "-o", "<ip> <msg>", sample, filter], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("fail2ban-regex " + name);
        var gateway = RunInProcess(sample, filter);
        string? unsupported = gateway.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith(NotUsed, StringComparison.Ordinal))?[NotUsed.Length..];
        var expected = new List<string>();
        int refused = 0;
        foreach (string line in Lines(fail2ban.StandardOutput))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && HostKey.TryParse(line.AsSpan(0, space), out var host))
            {
                expected.Add(host + line[space..]);
            }
            else
            {
                refused++;
            }
        }

        var actual = Lines(gateway.StandardOutput);
        string? difference = null;
        if (unsupported is null && !expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            var missed = expected.Except(actual, StringComparer.Ordinal).Take(3);
            var extra = actual.Except(expected, StringComparer.Ordinal).Take(3);
            difference = $"fail2ban-regex {expected.Count}, gateway {actual.Count}; only fail2ban: [{string.Join(" | ", missed)}]; only gateway: [{string.Join(" | ", extra)}]"
                + (gateway.StandardError.Contains("timed out", StringComparison.Ordinal) ? "; " + gateway.StandardError.Trim() : string.Empty);
        }

        return new FilterResult(name, unsupported, difference, expected.Count, refused);
    }

    [Fact]
    public async Task RulesTestCli_SshdFilter_PrintsWhatFail2banRegexPrints()
    {
        string folder = Directory.CreateTempSubdirectory("issue-16-f2b-cli-").FullName;
        try
        {
            string sample = Path.Combine(folder, "sshd.log");
            await File.WriteAllTextAsync(sample, await File.ReadAllTextAsync(Path.Combine(SampleFolder, "sshd")) + "\n");
            string filter = Path.Combine(FilterFolder, "sshd.conf");
            var cli = await ProcessRunner.RunAsync("dotnet", [Binary, "rules", "test", sample, "--fail2ban-filter", filter, "--out", "ip-msg"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(cli.ExitCode == 0, cli.StandardError);
            var engine = RunInProcess(sample, filter);
            Assert.Equal(Lines(engine.StandardOutput), Lines(cli.StandardOutput));
            var fail2ban = (await ProcessRunner.RunAsync("fail2ban-regex", ["--usedns", "no", "-o", "<ip> <msg>", sample, filter], timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("fail2ban-regex");
            var canonical = Lines(fail2ban.StandardOutput).Where(l => HostKey.TryParse(l.AsSpan(0, l.IndexOf(' ', StringComparison.Ordinal)), out _)).ToList();
            Assert.True(canonical.Count >= 60, $"fail2ban-regex found only {canonical.Count} failures in its sshd sample");
            Assert.Equal(canonical, Lines(cli.StandardOutput));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What <c>rules test FILE --fail2ban-filter FILTER --out ip-msg</c> prints, from the same engine in this process.</summary>
    private static ProcessResult RunInProcess(string sample, string filter)
    {
        var options = new SyslogReceiverOptions { Fail2banFilters = [filter] };
        foreach (var builtIn in BuiltInRules.All)
        {
            options.Rules[builtIn.Name] = new SyslogRuleOptions { Enabled = false };
        }

        var output = new StringBuilder();
        var report = RulesFileTester.Run(options, File.ReadLines(sample), DateTimeOffset.UnixEpoch, (address, lines) =>
        {
            foreach (string line in lines)
            {
                output.Append(address).Append(' ').Append(line).Append('\n');
            }
        });
        string errors = string.Join('\n', report.Notes) + (report.Timeouts > 0 ? $"\npattern runs that timed out: {report.Timeouts}" : string.Empty);
        return new ProcessResult(0, output.ToString(), errors);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    private sealed record FilterResult(string Name, string? Unsupported, string? Difference, int Compared, int Refused);
}
