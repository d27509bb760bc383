using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>
/// The native <c>firewallgateway-rules</c> (Native AOT, what the installed <c>firewallgateway rules</c> runs) and
/// the managed <c>FirewallGateway rules</c>, both as <c>eng/publish.sh</c> ships them, print byte for byte the
/// same standard output and error, with the same exit code: on the golden corpus with the built-in rules, on
/// every Debian fail2ban filter over fail2ban's own sample logs, and on an operator's mistakes.
/// </summary>
public sealed class NativeRulesTestTests : IAsyncLifetime
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private const string SampleFolder = "/usr/lib/python3/dist-packages/fail2ban/tests/files/logs";

    private readonly string _work = Directory.CreateTempSubdirectory("fwgw-native-rules-").FullName;
    private string _published = string.Empty;

    public async Task InitializeAsync() => _published = await PublishedGateway.FolderAsync(RepositoryPaths.Root);

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GoldenCorpus_BuiltInRules_SameSummaryJsonAndFailuresAsManaged()
    {
        string golden = Path.Combine(RepositoryPaths.Root, "tests", "FirewallGateway.Receivers.Syslog.Tests", "Golden");
        var lines = File.ReadLines(Path.Combine(golden, "matches.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('|', 4)[3])
            .Concat(Directory.GetFiles(Path.Combine(golden, "payloads"), "*.log").Order(StringComparer.Ordinal).SelectMany(File.ReadLines))
            .ToList();
        string log = Path.Combine(_work, "golden.log");
        await File.WriteAllLinesAsync(log, lines);
        Assert.True(lines.Count >= 100, $"the golden corpus has only {lines.Count} lines");

        var summary = await AssertSameAsync("rules", "test", log);
        Assert.Contains("rule sshd (built-in):", summary, StringComparison.Ordinal);
        Assert.Contains("would ban ", summary, StringComparison.Ordinal);
        Assert.Contains("\"rules\":", await AssertSameAsync("rules", "test", log, "--json"), StringComparison.Ordinal);
        Assert.True((await AssertSameAsync("rules", "test", log, "--out", "ip-msg")).Split('\n').Length >= 100);
    }

    [Fact]
    public async Task EveryDebianFilter_OverEveryFail2banSampleLog_SameFailuresAndNotesAsManaged()
    {
        // One file of every sample, every filter of the folder at once: one process each side instead of ~90.
        string log = Path.Combine(_work, "samples.log");
        await File.WriteAllLinesAsync(log, Directory.GetFiles(SampleFolder).Order(StringComparer.Ordinal).SelectMany(File.ReadLines));

        string failures = await AssertSameAsync("rules", "test", log, "--fail2ban-filter", FilterFolder, "--out", "ip-msg");
        Assert.True(failures.Split('\n').Length >= 500, $"only {failures.Split('\n').Length} failures over fail2ban's sample logs");
        Assert.Contains("rule f2b-sshd:", await AssertSameAsync("rules", "test", log, "--fail2ban-filter", FilterFolder), StringComparison.Ordinal);
        await AssertSameAsync("rules", "test", log, "--fail2ban-filter", Path.Combine(FilterFolder, "sshd.conf"), "--mode", "aggressive", "--out", "ip");
    }

    [Fact]
    public async Task OperatorMistakes_SameErrorAndExitCodeAsManaged()
    {
        string log = Path.Combine(_work, "one.log");
        await File.WriteAllTextAsync(log, "Nov 23 05:00:00 web sshd[1]: Failed password for root from 1.0.23.1 port 1 ssh2\n");
        string config = Path.Combine(_work, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Receivers": { "Syslog": { "Rules": { "vpn": { "Pattern": "from (?<address>[0-9.+" } } } } }""");

        await AssertSameAsync(1, "rules", "test", Path.Combine(_work, "missing.log"));
        Assert.Contains("Receivers:Syslog:Rules:vpn:Pattern", await AssertSameAsync(1, "rules", "test", log, "--config", config), StringComparison.Ordinal);

        // A parse error prints the usage, which names the executable: the only difference allowed.
        var native = await RunAsync("firewallgateway-rules", ["rules", "test", log, "--out", "everything"]);
        var managed = await RunAsync("FirewallGateway", ["rules", "test", log, "--out", "everything"]);
        Assert.True(native.ExitCode == 1 && managed.ExitCode == 1, native.StandardError);
        Assert.Contains("everything", native.StandardError, StringComparison.Ordinal);
        Assert.Equal(managed.StandardError, native.StandardError.Replace("firewallgateway-rules ", "FirewallGateway ", StringComparison.Ordinal));
    }

    private Task<string> AssertSameAsync(params string[] arguments) => AssertSameAsync(0, arguments);

    /// <summary>Runs both binaries from an empty folder; returns standard output (or error, when failing) once equal.</summary>
    private async Task<string> AssertSameAsync(int exitCode, params string[] arguments)
    {
        var native = await RunAsync("firewallgateway-rules", arguments);
        var managed = await RunAsync("FirewallGateway", arguments);
        string command = string.Join(' ', arguments);
        Assert.True(native.ExitCode == exitCode, $"native {command}: exit {native.ExitCode}\n{native.StandardError}");
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Equal(managed.StandardError, native.StandardError);
        Assert.Equal(managed.StandardOutput, native.StandardOutput);
        return exitCode == 0 ? native.StandardOutput : native.StandardError;
    }

    private async Task<ProcessResult> RunAsync(string binary, string[] arguments)
    {
        string empty = Directory.CreateDirectory(Path.Combine(_work, "cwd")).FullName;
        return await ProcessRunner.RunAsync(Path.Combine(_published, binary), arguments, timeout: TimeSpan.FromMinutes(3), workingDirectory: empty);
    }
}
