using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Sqlite;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Storage.Tests.ChangeLog;

/// <summary>The pruning service: the gateway's clock and the configured retention decide what goes (fake clock, real SQLite store).</summary>
public sealed class ChangeLogPrunerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crowdsec-finish-prune-").FullName;
    private readonly FakeTimeProvider _time = new(Some.Start);
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_folder, "gateway.db"), _time);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task PruneOnceAsync_RowsOlderThanTheRetentionByTheGatewaysClock_Deleted_NewestKept()
    {
        var pruner = new ChangeLogPruner(
            _store,
            Options.Create(new StorageOptions { ChangeLogRetention = TimeSpan.FromHours(1) }),
            _time,
            NullLogger<ChangeLogPruner>.Instance);
        Assert.Equal(0, (await pruner.PruneOnceAsync(CancellationToken.None)).Deleted);
        for (int i = 1; i <= 3; i++)
        {
            await using var tx = await _store.BeginWriteAsync(CancellationToken.None);
            var now = _time.GetUtcNow();
            await tx.InsertDecisionAsync(new Decision(0, BanAddress.Parse($"1.0.9.{i}"), ReportSource.Operator, "test", now, now, now.AddDays(1), 1, DecisionState.Active), CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, (await pruner.PruneOnceAsync(CancellationToken.None)).Deleted); // nothing is an hour old yet
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await pruner.PruneOnceAsync(CancellationToken.None)).Deleted); // the mark after the rows is 59 min old

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new ChangeLogPruneResult(2, 2, 1), await pruner.PruneOnceAsync(CancellationToken.None));
    }

    [Fact]
    public void AddFleetStore_RegistersThePrunerAsAHostedService()
    {
        var services = new ServiceCollection().AddSqliteStore(Path.Combine(_folder, "registered.db")).AddFleetStore();

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ChangeLogPruner));
        Assert.Contains(services, d => d.ServiceType == typeof(IChangeLogPruning));
    }
}
