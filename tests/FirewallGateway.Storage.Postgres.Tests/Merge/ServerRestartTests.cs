using System.Collections.Concurrent;
using System.Diagnostics;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Merge;

/// <summary>
/// PostgreSQL stopped and started again (an operator's restart) while reports keep arriving: every report the
/// writer acknowledged is in the database afterwards, callers get a prompt error meanwhile (the receivers turn
/// any error of the sink into 503), and the gateway writes again by itself once the server is back.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class ServerRestartTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private readonly ITestOutputHelper _output;
    private readonly string _database;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(150));
    private WriterHarness _gateway = null!;

    public ServerRestartTests(PostgresCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() =>
        _gateway = await WriterHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:PostgresConnectionString"] = _cluster.ConnectionString(_database, "issue20-restart") + ";Timeout=5",
            },
            TimeProvider.System,
            Ct);

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
        _timeout.Dispose();
    }

    [Fact]
    public async Task SubmitAsync_ServerRestartedMidIngest_AcknowledgedReportsKeptFailuresPromptWritesResumeByThemselves()
    {
        var acknowledged = new ConcurrentBag<BanAddress>();
        var failures = new ConcurrentBag<(Exception Error, TimeSpan Took)>();
        int next = 0;
        using var stop = new CancellationTokenSource();

        // Eight senders, one report at a time each, as receivers under load would hand them over.
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int n = Interlocked.Increment(ref next);
                var address = BanAddress.Parse($"1.21.{n / 250}.{(n % 250) + 1}");
                var watch = Stopwatch.StartNew();
                try
                {
                    await _gateway.Sink.SubmitAsync(Some.Report(address, DateTimeOffset.UtcNow), Ct);
                    acknowledged.Add(address);
                }
                catch (Exception ex) when (!Ct.IsCancellationRequested)
                {
                    failures.Add((ex, watch.Elapsed));
                }
            }
        })).ToList();

        await Eventually.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 300), TimeSpan.FromSeconds(60), "reports to be written before the restart");
        await _cluster.StopFastAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(failures.Count >= 20), TimeSpan.FromSeconds(60), "senders to get errors while the server is down");
        int acknowledgedWhileDown = acknowledged.Count;
        await _cluster.StartAgainAsync();
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(acknowledged.Count >= acknowledgedWhileDown + 300), TimeSpan.FromSeconds(60), "writes to resume after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        _output.WriteLine($"acknowledged {acknowledged.Count}, failed {failures.Count}, slowest failure {failures.Max(f => f.Took).TotalMilliseconds:0} ms");
        Assert.All(failures, f => Assert.True(f.Took < TimeSpan.FromSeconds(15), $"a caller waited {f.Took} for an error: {f.Error.Message}"));
        Assert.All(failures, f => Assert.IsType<StoreUnavailableException>(f.Error));

        var stored = new HashSet<BanAddress>();
        foreach (var decision in await _gateway.Decisions.ListDecisionsAsync(new(State: null, Limit: 1_000_000), Ct))
        {
            stored.Add(decision.Address);
        }

        Assert.All(acknowledged, a => Assert.Contains(a, stored));
        foreach (var address in acknowledged.Take(50))
        {
            Assert.Contains((await _gateway.Decisions.ListReportsAsync(address, 10, Ct)), r => r.Outcome == OutcomeCodes.Created);
        }
    }
}
