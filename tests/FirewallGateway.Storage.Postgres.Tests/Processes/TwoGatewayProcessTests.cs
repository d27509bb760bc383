using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Processes;

/// <summary>
/// Two real gateway processes on one real PostgreSQL, both configured with the same RouterOS target (the
/// emulator): reports go alternately to both, and the gateway that drives the router is killed with -9.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class TwoGatewayProcessTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private readonly ITestOutputHelper _output;
    private readonly string _database;
    private readonly RouterOsEmulator _router = new();
    private readonly List<GatewayProcess> _gateways = [];

    public TwoGatewayProcessTests(PostgresCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
        _database = cluster.CreateDatabase();
    }

    public Task InitializeAsync() => _router.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _router.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ReportsAlternatelyToTwoProcesses_DriverKilledMidDrain_SurvivorFinishesWithEveryAddressOnceOnTheRouter()
    {
        var a = await StartGatewayAsync("gw-a");
        var b = await StartGatewayAsync("gw-b");
        var login = a.OperatorLogin();
        using var reporterA = a.Client("web1", await a.CreateReporterAsync("web1"));
        string secret2 = await a.CreateReporterAsync("web2");
        using var reporterB = b.Client("web2", secret2);

        // Round 1: 40 addresses, two reports each, one to each gateway.
        var first = Enumerable.Range(1, 40).Select(i => $"1.6.0.{i}").ToList();
        foreach (string address in first)
        {
            await ReportAsync(reporterA, address);
            await ReportAsync(reporterB, address);
        }

        await Eventually.WaitUntilAsync(() => Task.FromResult(first.All(Has)), TimeSpan.FromSeconds(20), "round 1 on the router");
        bool aDrives = a.Log.Contains("Took the lease on target edge", StringComparison.Ordinal);
        bool bDrives = b.Log.Contains("Took the lease on target edge", StringComparison.Ordinal);
        Assert.True(aDrives ^ bDrives, $"exactly one gateway must drive edge (a: {aDrives}, b: {bDrives})");
        var (driver, survivor) = aDrives ? (a, b) : (b, a);

        // Round 2: the router is down while 300 more addresses come in, then back on a slow link (each reply
        // 300 ms late, batches of 50): the driver is killed once the router holds some of them.
        int port = _router.Port;
        await _router.StopAsync();
        var second = Enumerable.Range(0, 300).Select(i => $"1.6.{1 + (i / 250)}.{(i % 250) + 1}").ToList();
        for (int i = 0; i < second.Count; i++)
        {
            await ReportAsync(i % 2 == 0 ? reporterA : reporterB, second[i]);
        }

        _router.ReplyDelay = TimeSpan.FromMilliseconds(300);
        await _router.StartAsync(port: port);
        await Eventually.WaitUntilAsync(() => Task.FromResult(second.Any(Has)), TimeSpan.FromSeconds(20), "the driver to start round 2");
        int beforeKill = second.Count(Has);
        await driver.KillAsync();
        var clock = Stopwatch.StartNew();
        _router.ReplyDelay = TimeSpan.Zero;

        await Eventually.WaitUntilAsync(() => Task.FromResult(second.All(Has)), TimeSpan.FromSeconds(30), $"the survivor to finish round 2:\n{survivor.Log}");
        _output.WriteLine($"router held {beforeKill} of 300 at the kill; all 300 {clock.Elapsed.TotalSeconds:0.00} s after it");
        Assert.True(beforeKill < second.Count, "the driver finished before it was killed: nothing was taken over");
        Assert.Contains("Took the lease on target edge", survivor.Log, StringComparison.Ordinal);

        // Nothing lost, nothing twice: one entry per address on the router, one active decision per address.
        var entries = _router.Entries().Select(e => e.Address).ToList();
        Assert.Equal(first.Concat(second).Order(), entries.Order());
        var active = await ActiveAddressesAsync(survivor, login);
        Assert.Equal(first.Concat(second).Order(), active.Order());
        await using var store = new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);
        await Eventually.WaitUntilAsync(async () => await store.CountPendingAsync("edge", CancellationToken.None) == 0, TimeSpan.FromSeconds(10), "an empty outbox");
        Assert.Equal(2, (await store.ListReportsAsync(Core.Addresses.BanAddress.Parse(first[0]), 10, CancellationToken.None)).Count);
    }

    private bool Has(string address) => _router.Entries().Any(e => e.Address == address);

    private static async Task<IReadOnlyList<string>> ActiveAddressesAsync(GatewayProcess survivor, (string User, string Password) login)
    {
        // The operator login was made at gateway A's first start; every gateway accepts it (logins live in the database).
        using var client = survivor.Client(login.User, login.Password);
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?limit=100000"));
        return json.RootElement.EnumerateArray().Select(d => d.GetProperty("address").GetString()!).ToList();
    }

    private async Task<GatewayProcess> StartGatewayAsync(string name)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = _cluster.ConnectionString(_database, name),
            ["Storage:PostgresLeaseCheckInterval"] = "00:00:00.5",
            ["Targets:edge:Kind"] = "routeros",
            ["Targets:edge:Tls"] = "false",
            ["Targets:edge:Host"] = "127.0.0.1",
            ["Targets:edge:Port"] = _router.Port.ToString(CultureInfo.InvariantCulture),
            ["Targets:edge:User"] = _router.User,
            ["Targets:edge:Password"] = _router.Password,
            ["Targets:edge:ConnectTimeout"] = "00:00:02",
            ["Targets:edge:ReadTimeout"] = "00:00:05",

            // A poll this long: round trips between the gateways can only come from NOTIFY.
            ["Dispatch:PollInterval"] = "00:05:00",
            ["Dispatch:LeaseRetryInterval"] = "00:00:00.5",
            ["Dispatch:BatchSize"] = "50",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.100",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.500",
        };
        var gateway = await GatewayProcess.StartAsync(settings);
        _gateways.Add(gateway);
        return gateway;
    }

    private static async Task ReportAsync(HttpClient reporter, string address)
    {
        using var response = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = address, jail = "sshd" }));
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
