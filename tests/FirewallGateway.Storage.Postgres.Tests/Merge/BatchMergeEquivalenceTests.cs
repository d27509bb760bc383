using System.Globalization;
using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Storage.Postgres.Tests.Merge;

/// <summary>
/// The server-side batch merge (fg_merge_reports) against the C# merge the SQLite store runs: the same reports,
/// in the same order, through each gateway's real decision writer, must give the same outcomes, decisions,
/// stored reports, outbox rows and change log — whatever the group commits look like.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed partial class BatchMergeEquivalenceTests : IAsyncLifetime
{
    private const string EchoReporter = "central";
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-20-merge-").FullName;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));
    private readonly FakeTimeProvider _time = new(Some.Start);
    private WriterHarness? _sqlite;
    private WriterHarness? _postgres;

    public BatchMergeEquivalenceTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    // Both gateways cut the waves into batches of the same most size; the PostgreSQL writer keeps up to
    // batchesInFlight of them on the server at once (batches of disjoint addresses: each address in arrival order).
    private async Task<(WriterHarness Sqlite, WriterHarness Postgres)> StartAsync(int maxBatchSize, int batchesInFlight, int ipv6BanPrefix)
    {
        var writer = new Dictionary<string, string?>
        {
            ["Policy:IPv6BanPrefix"] = ipv6BanPrefix.ToString(CultureInfo.InvariantCulture),
            ["Writer:MaxBatchSize"] = maxBatchSize.ToString(CultureInfo.InvariantCulture),
            ["Writer:MaxBatchesInFlight"] = batchesInFlight.ToString(CultureInfo.InvariantCulture),
        };
        _sqlite = await WriterHarness.StartAsync(
            Settings(new(writer) { ["Storage:Provider"] = "sqlite", ["Storage:SqlitePath"] = Path.Combine(_folder, "reference.db") }), _time, Ct);
        _postgres = await WriterHarness.StartAsync(
            Settings(new(writer) { ["Storage:Provider"] = "postgres", ["Storage:PostgresConnectionString"] = _cluster.ConnectionString(_database) }), _time, Ct);
        return (_sqlite, _postgres);
    }

    public async Task DisposeAsync()
    {
        if (_sqlite is not null)
        {
            await _sqlite.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await _cluster.DropDatabaseAsync(_database);
        Directory.Delete(_folder, recursive: true);
        _timeout.Dispose();
    }

    [Theory]
    [InlineData(512, 1, 128)]   // each wave in one batch
    [InlineData(5, 4, 128)]     // many small batches, four on the server at once: reports of one address in arrival order
    [InlineData(5, 4, 64)]      // IPv6 singles ban their /64; the reports keep the address they named
    public async Task SameReportsInWaves_BatchMergeOnServerAndCSharpMerge_GiveIdenticalOutcomesAndRows(int maxBatchSize, int batchesInFlight, int ipv6BanPrefix)
    {
        var (sqlite, postgres) = await StartAsync(maxBatchSize, batchesInFlight, ipv6BanPrefix);
        var random = new Random(20);
        var pool = Enumerable.Range(1, 25).Select(i => BanAddress.Parse($"1.7.0.{i}")).ToList();
        pool.Add(BanAddress.Parse("10.1.2.3"));     // reserved: stored, never banned
        pool.Add(BanAddress.Parse("1.0.0.0/8"));    // wider than the policy allows
        pool.Add(BanAddress.Parse("2a00:1450:7::/64"));
        pool.Add(BanAddress.Parse("2a00:1450:8::1"));
        pool.Add(BanAddress.Parse("2a00:1450:8::2"));   // same /64 as the one above
        TimeSpan?[] durations = [null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), TimeSpan.FromDays(400)];
        string[] reporters = ["web1", "web2", EchoReporter];
        TimeSpan[] pauses = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), TimeSpan.FromHours(2)];
        await PullAllAsync(sqlite);
        await PullAllAsync(postgres);
        var seen = new List<string>();
        var seenOnServer = new List<string>();

        for (int wave = 0; wave < 14; wave++)
        {
            var reports = Enumerable.Range(0, 80).Select(_ => Some.Report(
                    pool[random.Next(pool.Count)], _time.GetUtcNow(), reporters[random.Next(reporters.Length)], durations[random.Next(durations.Length)])
                with
                {
                    DeduplicationKey = random.Next(10) < 3 ? $"event-{random.Next(60)}" : null,
                    Failures = random.Next(1, 9),
                    Evidence = $"wave {wave}",
                }).ToList();

            var expected = await SubmitWaveAsync(sqlite, reports);
            var actual = await SubmitWaveAsync(postgres, reports);

            seen.AddRange(expected);
            seenOnServer.AddRange(actual);
            _time.Advance(pauses[random.Next(pauses.Length)]);
        }

        // The waves reach every rule: creation, merge, echo, duplicate key, both filters, and escalation.
        foreach (string rule in new[] { "Created = True", "Created = False", "Code = echo", "Code = duplicate", "Code = reserved", "Code = too-broad" })
        {
            Assert.Contains(seen, o => o.Contains(rule, StringComparison.Ordinal));
        }

        if (ipv6BanPrefix == 64)
        {
            Assert.Contains(await DecisionsAsync(postgres), d => d.Contains("Address = 2a00:1450:8::/64", StringComparison.Ordinal));
        }

        await AssertSameStateAsync(sqlite, postgres, seen, seenOnServer, pool);
    }

    /// <summary>
    /// Waves written for what a set-based merge could get wrong, each wave one batch: several reports of one
    /// address around an expired decision (closed, recreated, then merged into and echoed), an echo reporter
    /// creating, expiries that do not only grow, a key seen first on a filtered report and then on a bannable one,
    /// a key stored by an earlier batch, escalation after several earlier decisions, and IPv6 widening folding two
    /// named addresses into one block inside one batch.
    /// </summary>
    [Fact]
    public async Task RepeatsAroundExpiredDecisionsInOneBatch_BatchMergeOnServerAndCSharpMerge_GiveIdenticalOutcomesAndRows()
    {
        var (sqlite, postgres) = await StartAsync(maxBatchSize: 512, batchesInFlight: 1, ipv6BanPrefix: 64);
        var x = BanAddress.Parse("1.7.1.1");
        var y = BanAddress.Parse("1.7.1.2");
        var z = BanAddress.Parse("1.7.1.3");
        var reserved = BanAddress.Parse("10.1.2.3");
        var v6a = BanAddress.Parse("2a00:1450:9::1");
        var v6b = BanAddress.Parse("2a00:1450:9::2");
        List<BanAddress> pool = [x, y, z, reserved, v6a, v6b];
        BanReport R(BanAddress address, string reporter = "web1", TimeSpan? duration = null, string? key = null) =>
            Some.Report(address, _time.GetUtcNow(), reporter, duration) with { DeduplicationKey = key };
        var minute = TimeSpan.FromMinutes(1);
        var hour = TimeSpan.FromHours(1);
        List<BanReport>[] waves =
        [
            [R(x, duration: hour), R(x, "web2", TimeSpan.FromSeconds(30)), R(x, EchoReporter), R(x, duration: 2 * hour),
                R(y, EchoReporter), R(y, duration: minute), R(reserved, key: "k1"), R(x, key: "k1"), R(z), R(v6a, duration: hour),
                R(v6b, duration: 2 * hour), R(v6a, EchoReporter)],
            [R(x, duration: TimeSpan.FromSeconds(30)), R(x, EchoReporter), R(x, "web2", hour), R(y, EchoReporter), R(y),
                R(z, key: "k1"), R(z, duration: minute + TimeSpan.FromSeconds(1)), R(v6b, duration: minute)],
            [R(x, duration: TimeSpan.FromDays(400)), R(x, duration: TimeSpan.FromSeconds(30)), R(x, "web2", 2 * minute), R(x, EchoReporter),
                R(x, duration: hour), R(y, duration: minute), R(y, "web2", minute), R(v6a), R(v6b, EchoReporter)],
            [R(y, EchoReporter), R(y, EchoReporter), R(y, duration: hour), R(x), R(z, duration: TimeSpan.FromDays(2))],
        ];
        TimeSpan[] pauses = [TimeSpan.FromHours(3), TimeSpan.FromSeconds(20), TimeSpan.FromHours(3)];
        await PullAllAsync(sqlite);
        await PullAllAsync(postgres);
        var seen = new List<string>();
        var seenOnServer = new List<string>();
        for (int wave = 0; wave < waves.Length; wave++)
        {
            // Each wave's reports at the wave's time.
            var reports = waves[wave].Select(r => r with { ObservedAt = _time.GetUtcNow() }).ToList();
            seen.AddRange(await SubmitWaveAsync(sqlite, reports));
            seenOnServer.AddRange(await SubmitWaveAsync(postgres, reports));
            if (wave < pauses.Length)
            {
                _time.Advance(pauses[wave]);
            }
        }

        foreach (string rule in new[] { "Created = True", "Created = False", "Code = echo", "Code = duplicate", "Code = reserved" })
        {
            Assert.Contains(seen, o => o.Contains(rule, StringComparison.Ordinal));
        }

        await AssertSameStateAsync(sqlite, postgres, seen, seenOnServer, pool);
    }

    private async Task AssertSameStateAsync(
        WriterHarness sqlite, WriterHarness postgres, List<string> seen, List<string> seenOnServer, List<BanAddress> pool)
    {
        var named = await DecisionNamesAsync(sqlite);
        var namedOnServer = await DecisionNamesAsync(postgres);
        Assert.Equal(seen.Select(named), seenOnServer.Select(namedOnServer));
        Assert.Equal((await DecisionsAsync(sqlite)).Select(named).Order(), (await DecisionsAsync(postgres)).Select(namedOnServer).Order());
        foreach (var address in pool)
        {
            Assert.Equal((await ReportsAsync(sqlite, address)).Select(named), (await ReportsAsync(postgres, address)).Select(namedOnServer));
        }

        foreach (var (target, _) in WriterHarness.Targets)
        {
            Assert.Equal(
                (await OutboxAsync(sqlite, target)).Select(named).Order(StringComparer.Ordinal),
                (await OutboxAsync(postgres, target)).Select(namedOnServer).Order(StringComparer.Ordinal));
        }

        // Each address's changes in the order they happened (batches in flight interleave different addresses).
        var changes = ByAddress(await PullAllAsync(postgres));
        Assert.Equal(ByAddress(await PullAllAsync(sqlite)), changes);
        Assert.Contains(changes, c => c.StartsWith("remove", StringComparison.Ordinal));
    }

    /// <summary>
    /// Decision ids follow commit order, and batches in flight commit in any order: an id is compared as its
    /// address and the rank of its decision among that address's decisions, which the writer keeps in order.
    /// </summary>
    private async Task<Func<string, string>> DecisionNamesAsync(WriterHarness gateway)
    {
        var names = (await gateway.Decisions.ListDecisionsAsync(new DecisionQuery(State: null, Limit: 10_000), Ct))
            .GroupBy(d => d.Address)
            .SelectMany(g => g.OrderBy(d => d.Id).Select((d, rank) => (d.Id, Name: $"{g.Key}#{rank + 1}")))
            .ToDictionary(d => d.Id, d => d.Name);
        return text => DecisionId().Replace(text, m => m.Groups[1].Value + names[long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)]);
    }

    [GeneratedRegex(@"(Id = |decision )(\d+)")]
    private static partial Regex DecisionId();

    private static List<string> ByAddress(List<string> changes) => [.. changes.OrderBy(c => c.Split(' ')[1], StringComparer.Ordinal)];

    private static Dictionary<string, string?> Settings(Dictionary<string, string?> store)
    {
        store["Policy:EchoReporters:0"] = EchoReporter;
        return store;
    }

    // All reports of a wave are queued at once, in order: the writer cuts them into group commits as it likes.
    private static async Task<List<string>> SubmitWaveAsync(WriterHarness gateway, List<BanReport> reports)
    {
        var outcomes = reports.Select(r => gateway.Sink.SubmitAsync(r, CancellationToken.None).AsTask()).ToList();
        return [.. (await Task.WhenAll(outcomes)).Select(o => o.ToString())];
    }

    private async Task<List<string>> DecisionsAsync(WriterHarness gateway) =>
        [.. (await gateway.Decisions.ListDecisionsAsync(new DecisionQuery(State: null, Limit: 10_000), Ct)).Select(d => d.ToString())];

    private async Task<List<string>> ReportsAsync(WriterHarness gateway, BanAddress address) =>
        [.. (await gateway.Decisions.ListReportsAsync(address, 10_000, Ct))
            .Select(r => $"{r.Report.Reporter} {r.Report.DeduplicationKey} {r.Report.RequestedDuration} {r.Report.Failures} {r.Report.Evidence} decision {r.DecisionId} {r.Outcome}")];

    // The row id and version count statements, not changes: the batch upserts an address once per commit.
    private async Task<List<string>> OutboxAsync(WriterHarness gateway, string target) =>
        [.. (await gateway.Outbox.TakeDueAsync(target, DateTimeOffset.MaxValue.AddYears(-1000), 10_000, Ct))
            .Select(c => $"{c.Kind} {c.Address} decision {c.DecisionId} {c.ExpiresAt:O} {c.Attempts} {c.DueAt:O}")];

    private async Task<List<string>> PullAllAsync(WriterHarness gateway) =>
        [.. (await gateway.Changes.PullAsync("equivalence", restart: false, 100_000, _time.GetUtcNow(), Ct)).Changes
            .Select(c => $"{c.Op} {c.Address} {c.ExpiresAt:O}")];
}
