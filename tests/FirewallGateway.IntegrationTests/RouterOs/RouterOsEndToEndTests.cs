using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.IntegrationTests.RouterOs;

/// <summary>
/// The real gateway process with a <c>routeros</c> target pointed at the RouterOS API emulator on loopback:
/// reports reach the router's list, survive the router being down, and come back after a reboot.
/// </summary>
public sealed class RouterOsEndToEndTests : IAsyncLifetime
{
    private const string List = "Blocked address";
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(3);
    private readonly RouterOsEmulator _router = new();
    private readonly ITestOutputHelper _output;
    private GatewayProcess? _gateway;

    public RouterOsEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public Task InitializeAsync() => _router.StartAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Start_DefaultTargetSettings_ApiSslWithPinnedCertificateAndNoPlainWarning()
    {
        // No Tls key at all: API-SSL is the default, checked here by the pin of the emulator's certificate.
        await _router.StopAsync();
        await _router.StartAsync(tls: true);
        var (gateway, reporter) = await StartGatewayAsync(change: s =>
        {
            s.Remove("Targets:edge:Tls");
            s["Targets:edge:CertificateFingerprint"] = _router.CertificateFingerprint!;
        });

        await ReportAsync(reporter, "1.0.40.9");

        await WaitForAsync(() => Has("1.0.40.9"), TimeSpan.FromSeconds(10), "the ban over API-SSL");
        Assert.DoesNotContain("plain RouterOS API", gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlainApiOptIn_WarnsAtStart()
    {
        var (gateway, _) = await StartGatewayAsync();

        await WaitForAsync(() => gateway.Log.Contains("Targets:edge:Tls = false", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the plain-API warning");
        Assert.Contains("uses the plain RouterOS API", gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AcceptedByGateway_InRouterListWithin300Ms()
    {
        var (gateway, reporter) = await StartGatewayAsync();
        await ReportAsync(reporter, "1.0.40.1");
        await WaitForAsync(() => Has("1.0.40.1"), TimeSpan.FromSeconds(10), "the warm-up ban on the router");

        var clock = Stopwatch.StartNew();
        await ReportAsync(reporter, "1.0.40.2");
        while (!Has("1.0.40.2") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(2);
        }

        var elapsed = clock.Elapsed;
        _output.WriteLine($"report to router list: {elapsed.TotalMilliseconds:0.0} ms");
        Assert.True(Has("1.0.40.2"), $"the ban never reached the router:\n{gateway.Log}");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(300), $"report to router list took {elapsed.TotalMilliseconds:0} ms");
        var entry = _router.Entries().Single(e => e.Address == "1.0.40.2");
        Assert.Equal(List, entry.List);
        Assert.StartsWith("fgw:decision:", entry.Comment, StringComparison.Ordinal);
        Assert.True(entry.Dynamic);
    }

    [Fact]
    public async Task RouterDown_ThousandBansArrive_AllPresentOnceBack()
    {
        var (gateway, reporter) = await StartGatewayAsync();
        await WaitForAsync(() => _router.LoginsSucceeded > 0, TimeSpan.FromSeconds(10), "the first connection");
        int port = _router.Port;
        await _router.StopAsync();

        var addresses = Enumerable.Range(0, 1000).Select(i => $"1.0.{50 + (i / 250)}.{(i % 250) + 1}").ToList();
        await Parallel.ForEachAsync(addresses.Chunk(125), async (chunk, _) =>
        {
            foreach (string address in chunk)
            {
                await ReportAsync(reporter, address);
            }
        });
        Assert.Empty(_router.Entries());

        await _router.StartAsync(port: port);
        var clock = Stopwatch.StartNew();
        await WaitForAsync(() => _router.Entries().Count >= 1000, TimeSpan.FromSeconds(30), "all 1,000 bans on the router");
        _output.WriteLine($"1,000 bans on the router {clock.Elapsed.TotalSeconds:0.00} s after it came back");
        Assert.Equal(addresses.Order(), _router.Entries().Select(e => e.Address).Order());
        _ = gateway;
    }

    [Fact]
    public async Task RouterReboot_DynamicEntriesLost_ReconciledWithinOneInterval()
    {
        var (_, reporter) = await StartGatewayAsync();
        var addresses = Enumerable.Range(1, 50).Select(i => $"1.0.60.{i}").ToList();
        foreach (string address in addresses)
        {
            await ReportAsync(reporter, address);
        }

        await WaitForAsync(() => _router.Entries().Count == 50, TimeSpan.FromSeconds(10), "50 bans on the router");
        await _router.RebootAsync();
        Assert.Empty(_router.Entries());
        var clock = Stopwatch.StartNew();

        await WaitForAsync(() => _router.Entries().Count == 50, ReconcileInterval + TimeSpan.FromSeconds(10), "the reboot to be reconciled");
        _output.WriteLine($"reboot reconciled after {clock.Elapsed.TotalSeconds:0.00} s (interval {ReconcileInterval.TotalSeconds} s)");
        Assert.True(clock.Elapsed < ReconcileInterval + TimeSpan.FromSeconds(1), $"reconciled after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task WrongPassword_TargetShowsClearError()
    {
        var (gateway, reporter) = await StartGatewayAsync(password: "not-the-password");
        await ReportAsync(reporter, "1.0.70.1");
        using var client = gateway.OperatorClient();

        var error = await Eventually.WaitForAsync(
            async () =>
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/targets"));
                var edge = json.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "edge");
                return edge.GetProperty("lastError").GetString() ?? string.Empty;
            },
            e => e.Length > 0,
            TimeSpan.FromSeconds(15),
            "the target's error");

        Assert.Contains("refused the login of user 'gateway': invalid user name or password", error, StringComparison.Ordinal);
        Assert.Empty(_router.Entries());
    }

    [Fact]
    public async Task Reconcile_ForeignEntries_NeverRemoved_StaleOwnedRemoved()
    {
        var foreign = new[]
        {
            _router.AddEntry(List, "1.0.80.1"),
            _router.AddEntry(List, "1.0.80.2", TimeSpan.FromHours(1), "fgw:manual"),
            _router.AddEntry(List, "1.0.80.3", comment: "crowdsec"),
            _router.AddEntry("another list", "1.0.80.4", comment: "fgw:decision:424242"),
        };
        var stale = _router.AddEntry(List, "1.0.80.5", TimeSpan.FromHours(1), "fgw:decision:424242");
        var (_, reporter) = await StartGatewayAsync();
        await ReportAsync(reporter, "1.0.80.1"); // the operator's own entry already blocks it

        await WaitForAsync(() => _router.Entries().All(e => e.Id != stale.Id), TimeSpan.FromSeconds(15), "the stale gateway entry to be removed");
        await Task.Delay(ReconcileInterval + TimeSpan.FromSeconds(1)); // one more reconcile round
        var left = _router.Entries().Select(e => e.Id).ToHashSet();
        Assert.All(foreign, f => Assert.Contains(f.Id, left));
        Assert.Equal(foreign[0], _router.Entries().Single(e => e.Address == "1.0.80.1" && e.List == List));
    }

    [Fact]
    public async Task RangeFolding_RouterDownWhileAPrefixFolds_RangeArrivesOnceBackAndAgainAfterAReboot()
    {
        var (gateway, reporter) = await StartGatewayAsync(change: s => s["Policy:RangeFolding:Targets:0"] = "edge");
        await WaitForAsync(() => _router.LoginsSucceeded > 0, TimeSpan.FromSeconds(10), "the first connection");
        int port = _router.Port;
        await _router.StopAsync();

        // The range exists on no decision: it must wait in the outbox like any change while the router is down.
        var attackers = Enumerable.Range(1, 12).Select(i => $"1.0.90.{i}").ToList();
        foreach (string address in attackers)
        {
            await ReportAsync(reporter, address);
        }

        await _router.StartAsync(port: port);
        await WaitForAsync(() => _router.Entries().Select(e => e.Address).SequenceEqual(["1.0.90.0/24"]), TimeSpan.FromSeconds(30), "only the /24 on the router");
        Assert.Equal("fgw:decision:0", _router.Entries().Single().Comment);

        await _router.RebootAsync();
        await WaitForAsync(() => _router.Entries().Select(e => e.Address).SequenceEqual(["1.0.90.0/24"]), ReconcileInterval + TimeSpan.FromSeconds(15), "the /24 back after the reboot");
        _ = gateway;
    }

    private bool Has(string address) => _router.Entries().Any(e => e.Address == address);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await Eventually.WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private async Task<(GatewayProcess Gateway, HttpClient Reporter)> StartGatewayAsync(string? password = null, Action<Dictionary<string, string>>? change = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Targets:edge:Kind"] = "routeros",
            ["Targets:edge:Tls"] = "false",
            ["Targets:edge:Host"] = "127.0.0.1",
            ["Targets:edge:Port"] = _router.Port.ToString(CultureInfo.InvariantCulture),
            ["Targets:edge:User"] = _router.User,
            ["Targets:edge:Password"] = password ?? _router.Password,
            ["Targets:edge:ConnectTimeout"] = "00:00:02",
            ["Targets:edge:ReadTimeout"] = "00:00:05",
            ["Dispatch:ReconcileInterval"] = ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Dispatch:RenewWithin"] = "00:00:10",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.100",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.500",
            ["Dispatch:PollInterval"] = "00:00:01",
        };
        change?.Invoke(settings);
        _gateway = await GatewayProcess.StartAsync(settings);
        string secret = await _gateway.CreateReporterAsync("web1");
        return (_gateway, _gateway.Client("web1", secret));
    }

    private static async Task ReportAsync(HttpClient reporter, string address)
    {
        using var response = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = address, jail = "sshd" }));
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
