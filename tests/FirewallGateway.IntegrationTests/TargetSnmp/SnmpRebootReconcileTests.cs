using System.Diagnostics;
using System.Globalization;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.IntegrationTests.Fleet;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.IntegrationTests.TargetSnmp;

/// <summary>
/// The real gateway process with a <c>routeros</c> target (the RouterOS API emulator) whose SNMP agent is Debian's
/// real snmpd on loopback. A device reboot is the emulator dropping its timed entries plus snmpd restarting: the
/// gateway must see the reboot by SNMP and reconcile at once, not at its (long) reconcile interval.
/// </summary>
public sealed class SnmpRebootReconcileTests : IAsyncLifetime
{
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromMinutes(10);
    private readonly RouterOsEmulator _router = new();
    private readonly ITestOutputHelper _output;
    private SnmpdProcess _snmpd = null!;
    private GatewayProcess? _gateway;

    public SnmpRebootReconcileTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task InitializeAsync()
    {
        await _router.StartAsync();
        _snmpd = await SnmpdProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _snmpd.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task DeviceReboot_SeenByV3Poll_TargetReconciledAtOnce()
    {
        var (gateway, reporter) = await StartGatewayAsync(snmp =>
        {
            snmp["Version"] = "v3";
            snmp["User"] = SnmpdProcess.ShaUser;
            snmp["AuthProtocol"] = "SHA1";
            snmp["AuthPassword"] = SnmpdProcess.AuthPassword;
            snmp["PrivProtocol"] = "AES";
            snmp["PrivPassword"] = SnmpdProcess.PrivPassword;
        });
        var addresses = Enumerable.Range(1, 20).Select(i => $"1.0.90.{i}").ToList();
        foreach (string address in addresses)
        {
            await ThreeRouters.ReportAsync(reporter, address);
        }

        await WaitForAsync(() => _router.Entries().Count == 20, TimeSpan.FromSeconds(15), "20 bans on the router");
        await WaitForAsync(() => gateway.Log.Contains("Polling target edge by SNMP", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the first poll");

        // Only the router's list empties: SNMP still shows the same uptime, so nothing may be re-pushed yet.
        await _router.RebootAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // three polls
        Assert.Empty(_router.Entries());

        // Now the agent restarts as well, as it does on a real reboot: sysUpTime drops and snmpEngineBoots goes up.
        var clock = Stopwatch.StartNew();
        await _snmpd.RestartAsync();
        await WaitForAsync(() => _router.Entries().Count == 20, TimeSpan.FromSeconds(30), "the bans re-pushed after the reboot");
        _output.WriteLine($"re-pushed {clock.Elapsed.TotalSeconds:0.0} s after the agent restarted (reconcile interval {ReconcileInterval.TotalMinutes} min)");
        Assert.Equal(addresses.Order(), _router.Entries().Select(e => e.Address).Order());
        await WaitForAsync(
            () => gateway.Log.Contains("Target edge rebooted (snmpEngineBoots went from 1 to 2)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the reboot in the log");

        // targets check: the SNMP table shows sysName, a fresh good poll and the reboot.
        var check = await FleetCli.RunAsync(gateway, "targets", "check", "edge");
        Assert.True(check.ExitCode == 0, check.StandardError + check.StandardOutput);
        string snmpRow = check.StandardOutput.Split('\n').Single(l => l.StartsWith("edge ", StringComparison.Ordinal) && l.Contains("v3", StringComparison.Ordinal));
        Assert.Matches($@"^edge\s+udp:127\.0\.0\.1:{_snmpd.Port} v3\s+ok\s+{SnmpdProcess.SysName}\s+0\.00:00:\d\d\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+{SnmpdProcess.SysDescr}", snmpRow);

        // /metrics: the reboot counter, the uptime and the sysName info gauge.
        using var metricsClient = gateway.OperatorClient();
        string metrics = await metricsClient.GetStringAsync("metrics");
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_reboots\{target=""edge""\} 1\b", metrics);
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_uptime_seconds\{target=""edge""\} \d", metrics);
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_last_reboot_timestamp_seconds\{target=""edge""\} \d{10}", metrics);
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_info\{sysname=""test-router"",target=""edge""\} 1", metrics);
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_polls\{result=""ok"",target=""edge""\} \d", metrics);

        // Secrets stay out of the log.
        Assert.DoesNotContain(SnmpdProcess.AuthPassword, gateway.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(SnmpdProcess.PrivPassword, gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAuthPassword_PollFailsTyped_CountedAndShownWithoutSecret()
    {
        const string Wrong = "not-the-auth-password";
        var (gateway, _) = await StartGatewayAsync(snmp =>
        {
            snmp["Version"] = "v3";
            snmp["User"] = SnmpdProcess.ShaUser;
            snmp["AuthProtocol"] = "SHA1";
            snmp["AuthPassword"] = Wrong;
            snmp["PrivPassword"] = SnmpdProcess.PrivPassword;
        });

        await WaitForAsync(() => gateway.Log.Contains("SNMP poll of target edge failed (wrong-digest)", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the failed poll");
        using var metricsClient = gateway.OperatorClient();
        Assert.Matches(@"firewallgateway_firewallgateway_target_snmp_polls\{result=""wrong-digest"",target=""edge""\} \d", await metricsClient.GetStringAsync("metrics"));
        var check = await FleetCli.RunAsync(gateway, "targets", "check", "edge");
        Assert.Contains("wrong-digest", check.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, gateway.Log + check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2cPoll_ShowsSysNameAndUptime()
    {
        var (gateway, _) = await StartGatewayAsync(snmp =>
        {
            snmp["Version"] = "v2c";
            snmp["Community"] = SnmpdProcess.Community;
        });

        var check = await FleetCli.RunAsync(gateway, "targets", "check", "--json");
        Assert.True(check.ExitCode == 0, check.StandardError + check.StandardOutput);
        Assert.Contains($"\"sysName\":\"{SnmpdProcess.SysName}\"", check.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"lastResult\":\"ok\"", check.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(SnmpdProcess.Community, check.StandardOutput + gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadSnmpSection_RefusedNamingEachKey()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartGatewayAsync(snmp =>
        {
            snmp["Version"] = "v3";
            snmp["AuthProtocol"] = "MD5";
            snmp["AuthPassword"] = "pw-1234";
            snmp["Port"] = "70000";
            snmp["Colour"] = "blue";
        }));

        Assert.Contains("Targets:edge:Snmp:Colour is not a known key", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:Port must be between 1 and 65535", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:AuthProtocol is required for v3: SHA1 or SHA256", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:AuthPassword is required for v3: at least 8 characters", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:User is required for v3", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-1234", failure.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await Eventually.WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private async Task<(GatewayProcess Gateway, HttpClient Reporter)> StartGatewayAsync(Action<Dictionary<string, string>> snmp)
    {
        var snmpKeys = new Dictionary<string, string>
        {
            // No Host: the agent is the target's own host (127.0.0.1).
            ["Port"] = _snmpd.Port.ToString(CultureInfo.InvariantCulture),
            ["PollInterval"] = "00:00:01",
            ["Timeout"] = "00:00:01",
        };
        snmp(snmpKeys);
        var settings = new Dictionary<string, string>
        {
            ["Targets:edge:Kind"] = "routeros",
            ["Targets:edge:Tls"] = "false",
            ["Targets:edge:Host"] = "127.0.0.1",
            ["Targets:edge:Port"] = _router.Port.ToString(CultureInfo.InvariantCulture),
            ["Targets:edge:User"] = _router.User,
            ["Targets:edge:Password"] = _router.Password,
            ["Targets:edge:ConnectTimeout"] = "00:00:02",
            ["Targets:edge:ReadTimeout"] = "00:00:05",
            ["Dispatch:ReconcileInterval"] = ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Dispatch:RetryInitialDelay"] = "00:00:00.100",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.500",
        };
        foreach (var (key, value) in snmpKeys)
        {
            settings["Targets:edge:Snmp:" + key] = value;
        }

        _gateway = await GatewayProcess.StartAsync(settings);
        string secret = await _gateway.CreateReporterAsync("web1");
        return (_gateway, _gateway.Client("web1", secret));
    }
}
