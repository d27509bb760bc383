using System.Diagnostics;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>Two gateways on one real PostgreSQL, each reaching it through a relay the test can cut as a kill -9 would.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class TwoGatewayTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static int _nextAddress;
    private readonly PostgresCluster _cluster;
    private readonly ITestOutputHelper _output;
    private readonly string _database;
    private readonly TcpRelay _relayA;
    private readonly TcpRelay _relayB;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    public TwoGatewayTests(PostgresCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
        _database = cluster.CreateDatabase();
        _relayA = new TcpRelay(cluster.Port);
        _relayB = new TcpRelay(cluster.Port);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _relayA.Dispose();
        _relayB.Dispose();
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task SubmitAsync_ReportsAlternatelyToBothGateways_OneDecisionPerAddressDrivenByOneGateway()
    {
        var firewall = new SharedFirewall();
        await using var a = await StartAsync("gw-a", _relayA, firewall);
        await using var b = await StartAsync("gw-b", _relayB, firewall);
        var addresses = Enumerable.Range(0, 40).Select(_ => NextAddress()).ToList();

        // Three reports per address, alternating gateways, all in flight at once.
        var outcomes = await Task.WhenAll(addresses
            .SelectMany(address => Enumerable.Range(0, 3).Select(i => (address, gateway: (i + addresses.IndexOf(address)) % 2 == 0 ? a : b)))
            .Select(r => r.gateway.Sink.SubmitAsync(Some.Report(r.address, at: Now(), reporter: $"web{r.address.GetHashCode() & 7}"), _timeout.Token).AsTask()));

        Assert.All(outcomes, o => Assert.IsType<ReportOutcome.Accepted>(o));
        await Eventually.WaitUntilAsync(() => Task.FromResult(addresses.All(firewall.Entries.ContainsKey)), Deadline, "the target to hold all 40 addresses");
        await Eventually.WaitUntilAsync(async () => await a.Outbox.CountPendingAsync(FirewallConnection.Target, _timeout.Token) == 0, Deadline, "an empty outbox");
        foreach (var address in addresses)
        {
            var active = await a.Decisions.ListDecisionsAsync(new DecisionQuery(DecisionState.Active, address), _timeout.Token);
            Assert.Equal(3, Assert.Single(active).ReportCount);
        }

        Assert.True(firewall.CallsBy("gw-a") == 0 || firewall.CallsBy("gw-b") == 0, "both gateways pushed to the same target");
    }

    [Fact]
    public async Task DrivingGatewayKilledMidDrain_OtherTakesOverAndFinishesTheOutbox_NothingLost()
    {
        var firewall = new SharedFirewall();
        var a = await StartAsync("gw-a", _relayA, firewall);
        var b = await StartAsync("gw-b", _relayB, firewall);
        await using var disposeA = a;
        await using var disposeB = b;

        // Find the driver: the gateway that pushed the first ban.
        var first = NextAddress();
        await a.Sink.SubmitAsync(Some.Report(first, at: Now()), _timeout.Token);
        await Eventually.WaitUntilAsync(() => Task.FromResult(firewall.Entries.ContainsKey(first)), Deadline, "the first ban");
        bool aDrives = firewall.CallsBy("gw-a") > 0;
        var (driver, driverRelay, survivor, survivorName) = aDrives ? (a, _relayA, b, "gw-b") : (b, _relayB, a, "gw-a");

        // The driver takes the next batch, the firewall applies it, and the driver "dies" before recording it.
        driver.Firewall.FreezeAfterNextBan = true;
        var addresses = Enumerable.Range(0, 200).Select(_ => NextAddress()).ToList();
        var outcomes = await Task.WhenAll(addresses.Select((address, i) =>
            (i % 2 == 0 ? a : b).Sink.SubmitAsync(Some.Report(address, at: Now()), _timeout.Token).AsTask()));
        Assert.All(outcomes, o => Assert.IsType<ReportOutcome.Accepted>(o));
        await driver.Firewall.FrozenBatchApplied.WaitAsync(Deadline, _timeout.Token);
        var killedAt = Stopwatch.StartNew();
        driverRelay.Kill();

        await Eventually.WaitUntilAsync(
            async () => addresses.All(firewall.Entries.ContainsKey) && await survivor.Outbox.CountPendingAsync(FirewallConnection.Target, _timeout.Token) == 0,
            Deadline,
            "the surviving gateway to finish the outbox");
        _output.WriteLine($"kill to empty outbox: {killedAt.Elapsed.TotalSeconds:0.00} s; frozen batch {driver.Firewall.FrozenBatch.Count}; survivor calls {firewall.CallsBy(survivorName)}");

        Assert.True(firewall.CallsBy(survivorName) > 0, "the survivor never pushed anything");
        Assert.NotEmpty(driver.Firewall.FrozenBatch);
        var repeated = firewall.Applied.Where(p => p.Value > 1).Select(p => p.Key).ToHashSet();

        // Only what the dead gateway had applied but not recorded is pushed again (answered "already present").
        Assert.Subset(driver.Firewall.FrozenBatch.ToHashSet(), repeated);
        Assert.All(firewall.Applied.Values, n => Assert.InRange(n, 1, 2));
        Assert.Equal(addresses.Count + 1, await survivor.Decisions.CountActiveDecisionsAsync(_timeout.Token));
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(15), $"takeover took {killedAt.Elapsed}");
    }

    [Fact]
    public async Task AddAllowListEntry_OnOneGateway_TheOtherGatewayIgnoresReportsForItSoon()
    {
        var firewall = new SharedFirewall();
        await using var a = await StartAsync("gw-a", _relayA, firewall);
        await using var b = await StartAsync("gw-b", _relayB, firewall);
        var partner = BanAddress.Parse("1.5.0.0/24");
        var inside = BanAddress.Parse("1.5.0.7");

        await a.AllowList.AddAllowListEntryAsync(new AllowListEntry(0, partner, "partner", true, null, "operator", Now()), _timeout.Token);

        await Eventually.WaitUntilAsync(() => Task.FromResult(b.Filter.Check(inside) is not null), TimeSpan.FromSeconds(10), "gateway B to load the new allow-list entry");
        var outcome = await b.Sink.SubmitAsync(Some.Report(inside, at: Now()), _timeout.Token);
        Assert.IsNotType<ReportOutcome.Accepted>(outcome);
        Assert.Equal(0, await b.Decisions.CountActiveDecisionsAsync(_timeout.Token));
    }

    private async Task<InProcessGateway> StartAsync(string name, TcpRelay relay, SharedFirewall firewall)
    {
        var connection = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString(_database, name)) { Port = relay.Port }.ToString();
        return await InProcessGateway.StartAsync(name, connection, firewall, _timeout.Token);
    }

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static BanAddress NextAddress()
    {
        int n = Interlocked.Increment(ref _nextAddress);
        return BanAddress.Parse($"1.2.{n / 250}.{(n % 250) + 1}");
    }
}
