using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.Storage.Sqlite;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Storage.Postgres.Tests.Copy;

/// <summary>A single gateway's SQLite history copied into PostgreSQL, read back through the store interfaces.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class SqliteToPostgresCopyTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster;
    private readonly string _database;
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-copy-").FullName;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public SqliteToPostgresCopyTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private CancellationToken Ct => _timeout.Token;

    private string SqlitePath => Path.Combine(_folder, "gateway.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.DropDatabaseAsync(_database);
        Directory.Delete(_folder, recursive: true);
        _timeout.Dispose();
    }

    [Fact]
    public async Task CopyAsync_SqliteWithHistory_EverythingReadsBackTheSameFromPostgres()
    {
        var address = BanAddress.Parse("1.4.0.9");
        var block = BanAddress.Parse("2a00:1450:4001::/48");
        Decision active, ended;
        await using (var sqlite = new SqliteStore(SqlitePath, TimeProvider.System))
        {
            await sqlite.MigrateAsync(Ct);
            await sqlite.SyncTargetsAsync([("edge", "routeros"), ("core", "nftables")], Ct);
            await using (var tx = await sqlite.BeginWriteAsync(Ct))
            {
                ended = await tx.InsertDecisionAsync(Decision(block) with { State = DecisionState.Expired }, Ct);
                active = await tx.InsertDecisionAsync(Decision(address), Ct);
                await tx.InsertReportAsync(Some.Report(address) with { Host = "web1", Port = "22", Failures = 5, DeduplicationKey = "k1" }, active.Id, OutcomeCodes.Created, Ct);
                await tx.InsertReportAsync(Some.Report(block), null, OutcomeCodes.Created, Ct);
                await tx.EnqueueAsync(ChangeKind.Ban, active, Some.Start, null, Ct);
                await tx.CommitAsync(Ct);
            }

            await sqlite.CompleteAsync("core", [new ChangeCompletion((await sqlite.TakeDueAsync("core", Some.Start, 10, Ct))[0], true)], Some.Start, Ct);
            await sqlite.AddAllowListEntryAsync(new AllowListEntry(0, BanAddress.Parse("1.0.5.0/24"), "office", true, null, "operator", Some.Start), Ct);
            await sqlite.UpsertCredentialAsync(new Credential("web1", "reporter", "hash", true, Some.Start), Ct);
            await sqlite.AddServerAsync(new ServerRecord("web1", BanAddress.Parse("1.0.5.7"), "web1", 500, TimeSpan.FromHours(2), "group", "dmz", false, null, Some.Start), Ct);
            await sqlite.LimitLockAsync(active.Id, ["edge"], Ct);
            await sqlite.PullAsync("pfsense", restart: true, 100, Some.Start, Ct);
        }

        var result = await SqliteToPostgresCopy.CopyAsync(SqlitePath, _cluster.ConnectionString(_database), TimeProvider.System, Ct);

        await using var postgres = new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);
        Assert.Equal(active, await postgres.GetDecisionAsync(active.Id, Ct));
        Assert.Equal(ended, await postgres.GetDecisionAsync(ended.Id, Ct));
        var report = Assert.Single(await postgres.ListReportsAsync(address, 10, Ct));
        Assert.Equal(("web1", "22", 5, "k1"), (report.Report.Host, report.Report.Port, report.Report.Failures, report.Report.DeduplicationKey));
        Assert.Single(await postgres.ListReportsAsync(block, 10, Ct));
        Assert.Equal(address, Assert.Single(await postgres.TakeDueAsync("edge", Some.Start, 10, Ct)).Address);
        Assert.Empty(await postgres.TakeDueAsync("core", Some.Start, 10, Ct));
        Assert.Contains(await postgres.ListEnforcementAsync(address, Ct), s => s is { Target: "core", State: EnforcementStates.Applied });
        Assert.Equal("office", Assert.Single(await postgres.ListAllowListAsync(Ct)).Comment);
        Assert.Equal(new Credential("web1", "reporter", "hash", true, Some.Start), await postgres.FindCredentialAsync("web1", Ct));
        Assert.Equal(["core", "edge"], (await postgres.ListTargetsAsync(Ct)).Select(t => t.Name));
        Assert.Contains(("reports", 2L), result.Tables);

        // Fleet tables: registry, lock limits, the change log and stream cursors (a consumer goes on where it was).
        Assert.Equal(
            new ServerRecord("web1", BanAddress.Parse("1.0.5.7"), "web1", 500, TimeSpan.FromHours(2), "group", "dmz", false, null, Some.Start),
            await postgres.GetServerAsync("web1", Ct));
        Assert.Equal(["edge"], (await postgres.ListLockLimitsAsync(Ct))[active.Id]);
        var consumer = Assert.Single(await postgres.ListConsumersAsync(Ct));
        Assert.Equal("pfsense", consumer.Name);
        var pulled = await postgres.PullAsync("pfsense", restart: false, 100, Some.Start, Ct);
        Assert.False(pulled.Snapshot);
        Assert.Empty(pulled.Changes);
        Assert.Equal(consumer.Cursor, pulled.Cursor);
        Assert.Contains(("decision_changes", 1L), result.Tables);

        // New rows continue after the copied ids.
        await using var next = await postgres.BeginWriteAsync(Ct);
        var added = await next.InsertDecisionAsync(Decision(BanAddress.Parse("1.4.0.10")), Ct);
        Assert.True(added.Id > active.Id, $"new id {added.Id} does not follow the copied {active.Id}");
    }

    [Fact]
    public async Task CopyAsync_PostgresAlreadyUsed_RefusesAndCopiesNothing()
    {
        await using (var sqlite = new SqliteStore(SqlitePath, TimeProvider.System))
        {
            await sqlite.MigrateAsync(Ct);
            await sqlite.UpsertCredentialAsync(new Credential("web1", "reporter", "hash", true, Some.Start), Ct);
        }

        await using var postgres = new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);
        await postgres.MigrateAsync(Ct);
        await postgres.SyncTargetsAsync([("edge", "routeros")], Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteToPostgresCopy.CopyAsync(SqlitePath, _cluster.ConnectionString(_database), TimeProvider.System, Ct));

        Assert.Contains("not empty (rows in targets)", error.Message, StringComparison.Ordinal);
        Assert.Empty(await postgres.ListCredentialsAsync(Ct));
    }

    private static Decision Decision(BanAddress address) =>
        new(0, address, ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, Some.Start.AddHours(4), 2, DecisionState.Active) { CreatedBy = "web1" };
}
