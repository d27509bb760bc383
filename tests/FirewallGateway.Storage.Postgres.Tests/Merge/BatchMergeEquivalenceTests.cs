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
public sealed class BatchMergeEquivalenceTests : IAsyncLifetime
{
    private const string EchoReporter = "central";
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-20-merge-").FullName;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));
    private readonly FakeTimeProvider _time = new(Some.Start);
    private WriterHarness _sqlite = null!;
    private WriterHarness _postgres = null!;

    public BatchMergeEquivalenceTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _sqlite = await WriterHarness.StartAsync(
            Settings(new() { ["Storage:Provider"] = "sqlite", ["Storage:SqlitePath"] = Path.Combine(_folder, "reference.db") }), _time, Ct);
        _postgres = await WriterHarness.StartAsync(
            Settings(new() { ["Storage:Provider"] = "postgres", ["Storage:PostgresConnectionString"] = _cluster.ConnectionString(_database) }), _time, Ct);
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await _postgres.DisposeAsync();
        await _cluster.DropDatabaseAsync(_database);
        Directory.Delete(_folder, recursive: true);
        _timeout.Dispose();
    }

    [Fact]
    public async Task SameReportsInWaves_BatchMergeOnServerAndCSharpMerge_GiveIdenticalOutcomesAndRows()
    {
        var random = new Random(20);
        var pool = Enumerable.Range(1, 25).Select(i => BanAddress.Parse($"1.7.0.{i}")).ToList();
        pool.Add(BanAddress.Parse("10.1.2.3"));     // reserved: stored, never banned
        pool.Add(BanAddress.Parse("1.0.0.0/8"));    // wider than the policy allows
        pool.Add(BanAddress.Parse("2a00:1450:7::/64"));
        TimeSpan?[] durations = [null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), TimeSpan.FromDays(400)];
        string[] reporters = ["web1", "web2", EchoReporter];
        TimeSpan[] pauses = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), TimeSpan.FromHours(2)];
        await PullAllAsync(_sqlite);
        await PullAllAsync(_postgres);
        var seen = new List<string>();

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

            var expected = await SubmitWaveAsync(_sqlite, reports);
            var actual = await SubmitWaveAsync(_postgres, reports);

            Assert.Equal(expected, actual);
            seen.AddRange(expected);
            _time.Advance(pauses[random.Next(pauses.Length)]);
        }

        // The waves reach every rule: creation, merge, echo, duplicate key, both filters, and escalation.
        foreach (string rule in new[] { "Created = True", "Created = False", "Code = echo", "Code = duplicate", "Code = reserved", "Code = too-broad" })
        {
            Assert.Contains(seen, o => o.Contains(rule, StringComparison.Ordinal));
        }

        var decisions = await DecisionsAsync(_postgres);
        Assert.Equal(await DecisionsAsync(_sqlite), decisions);
        foreach (var address in pool)
        {
            Assert.Equal(await ReportsAsync(_sqlite, address), await ReportsAsync(_postgres, address));
        }

        foreach (var (target, _) in WriterHarness.Targets)
        {
            Assert.Equal(await OutboxAsync(_sqlite, target), await OutboxAsync(_postgres, target));
        }

        var changes = await PullAllAsync(_postgres);
        Assert.Equal(await PullAllAsync(_sqlite), changes);
        Assert.Contains(changes, c => c.StartsWith("remove", StringComparison.Ordinal));
    }

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
            .Select(r => $"{r.Report.Reporter} {r.Report.DeduplicationKey} {r.Report.RequestedDuration} {r.Report.Failures} {r.Report.Evidence} {r.DecisionId} {r.Outcome}")];

    // The row id and version count statements, not changes: the batch upserts an address once per commit.
    private async Task<List<string>> OutboxAsync(WriterHarness gateway, string target) =>
        [.. (await gateway.Outbox.TakeDueAsync(target, DateTimeOffset.MaxValue.AddYears(-1000), 10_000, Ct))
            .Select(c => $"{c.Kind} {c.Address} {c.DecisionId} {c.ExpiresAt:O} {c.Attempts} {c.DueAt:O}")
            .Order(StringComparer.Ordinal)];

    private async Task<List<string>> PullAllAsync(WriterHarness gateway) =>
        [.. (await gateway.Changes.PullAsync("equivalence", restart: false, 100_000, _time.GetUtcNow(), Ct)).Changes
            .Select(c => $"{c.Op} {c.Address} {c.ExpiresAt:O}")];
}
