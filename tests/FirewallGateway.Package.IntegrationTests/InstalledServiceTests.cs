using System.Text.RegularExpressions;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Package.IntegrationTests;

[Collection(InstalledPackageGroup.Name)]
public sealed partial class InstalledServiceTests(PackageFixture fixture)
{
    // Bit 10 of the capability masks in /proc/PID/status.
    private const string OnlyNetBindService = "0000000000000400";

    [Fact]
    public async Task Service_run_as_the_unit_says_notifies_ready_and_serves_the_readme_tour_over_https()
    {
        await using var package = await InstalledPackage.InstallAsync(fixture.DebPath);

        // First a start that must fail: a drop-in pointing the key at a missing file stops it with exit 2 naming the key,
        // before READY=1 (so systemd reports a failed start, and RestartPreventExitStatus=2 stops the restart loop).
        var (exitCode, output, sentReady) = await package.RunServiceExpectingFailureAsync(
            new Dictionary<string, string> { ["Kestrel__Certificates__Default__KeyPath"] = "/etc/firewallgateway/tls/missing.key" });
        Assert.True(exitCode == 2, output);
        Assert.False(sentReady, "READY=1 before a failed start");
        Assert.Contains("configuration error: Kestrel:Certificates:Default:KeyPath: '/etc/firewallgateway/tls/missing.key' does not exist", output, StringComparison.Ordinal);

        var service = await package.StartServiceAsync();

        // Exactly the unit's identity and capabilities, and logs in the form journald reads priorities from.
        var status = service.Status();
        string uid = File.ReadLines("/etc/passwd").Single(l => l.StartsWith(InstalledPackage.ServiceUser + ":", StringComparison.Ordinal)).Split(':')[2];
        Assert.StartsWith(uid + "\t", status["Uid"], StringComparison.Ordinal);
        Assert.Equal(OnlyNetBindService, status["CapEff"]);
        Assert.Equal(OnlyNetBindService, status["CapAmb"]);
        Assert.Equal(OnlyNetBindService, status["CapBnd"]);
        Assert.Equal("1", status["NoNewPrivs"]);
        Assert.Matches(JournalLine(), service.Output);
        Assert.DoesNotContain("\u001b[", service.Output, StringComparison.Ordinal);

        // The README tour, over HTTPS, with the installed CLI run by root with no option at all.
        string created = await InstalledPackage.CliAsync("credentials", "add", "web1", "--role", "reporter");
        string password = Password().Match(created).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), created);
        var report = await CurlAsync("-u", "web1:" + password, "-d", "ip=1.0.1.9", "-d", "jail=sshd", "-d", "bantime=3600", "https://127.0.0.1:8443/api/v1/reports");
        Assert.Equal(0, report.ExitCode);
        string decisions = await InstalledPackage.CliAsync("decisions", "list");
        Assert.Contains("1.0.1.9", decisions, StringComparison.Ordinal);
        Assert.Contains("sshd", await InstalledPackage.CliAsync("why", "1.0.1.9"), StringComparison.Ordinal);
        await InstalledPackage.CliAsync("targets", "list");
        var health = await CurlAsync("https://127.0.0.1:8443/health");
        Assert.Contains("\"status\":\"warning\"", health.StandardOutput, StringComparison.Ordinal);
        string id = decisions.Split('\n').Single(l => l.Contains("1.0.1.9", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Contains("removed", await InstalledPackage.CliAsync("decisions", "remove", id), StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.1.9", await InstalledPackage.CliAsync("decisions", "list"), StringComparison.Ordinal);

        // Syslog on port 514 works only through the unit's CAP_NET_BIND_SERVICE: five sshd failures make a decision.
        for (int i = 0; i < 5; i++)
        {
            (await ProcessRunner.RunAsync(
                "logger", "--server", "127.0.0.1", "--port", "514", "--tcp", "--rfc3164", "-t", "sshd", $"Failed password for root from 1.0.1.45 port {40000 + i} ssh2"))
                .EnsureSuccess("logger");
        }

        await Eventually.WaitUntilAsync(
            async () => (await InstalledPackage.CliAsync("decisions", "list")).Contains("1.0.1.45", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "a decision for 1.0.1.45 from syslog on port 514; service output:\n" + service.Output);

        // systemctl stop: SIGTERM, STOPPING=1, a clean exit.
        Assert.Equal(0, await service.StopAsync());
        Assert.True(service.Notify.Received("STOPPING=1"), string.Join(" | ", service.Notify.Messages));
    }

    /// <summary>curl trusting the configured certificate only (--cacert), never --insecure.</summary>
    private static async Task<ProcessResult> CurlAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("curl", ["--silent", "--show-error", "--fail-with-body", "--cacert", InstalledPackage.CertificatePath, .. arguments]))
            .EnsureSuccess("curl " + arguments[^1]);

    [GeneratedRegex(@"(?m)^<[0-7]>FirewallGateway\.")]
    private static partial Regex JournalLine();

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex Password();
}
