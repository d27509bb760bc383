using System.Diagnostics;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Tests.Sqlite;

/// <summary>
/// Checkpoints run beside the writer (SqliteCheckpointer), never inside a commit: the log stays bounded under a
/// writer that never pauses, and a reader holding an old snapshot never makes the writer wait.
/// </summary>
public sealed class SqliteCheckpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-ckpt-").FullName;
    private SqliteStore _store = null!;
    private int _next;

    private string DatabasePath => Path.Combine(_folder, "gateway.db");

    private string WalPath => DatabasePath + "-wal";

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(DatabasePath, TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Writes_WithoutPause_LogStaysBoundedAndReachesTheDatabaseFile()
    {
        long largestLog = 0;
        long dbBefore = new FileInfo(DatabasePath).Length;
        for (int i = 0; i < 3_000; i++)
        {
            await WriteBatchAsync(10);
            if (i % 50 == 0)
            {
                largestLog = Math.Max(largestLog, new FileInfo(WalPath).Length);
            }
        }

        // 30,000 decisions with their index entries are far more than 64 MiB of log frames when nothing copies
        // them back (measured: ~200 MiB), so a log under that bound was checkpointed and started over.
        Assert.InRange(largestLog, 1, 64L * 1024 * 1024);
        Assert.True(_store.Checkpointer.Passes > 0);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        (int Log, int Copied) state;
        while ((state = _store.Checkpointer.CheckpointOnce()).Copied < state.Log && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(state.Log, state.Copied);
        Assert.True(new FileInfo(DatabasePath).Length > dbBefore + (1024 * 1024), "the decisions never reached the database file");
        Assert.Equal(30_000, await _store.CountActiveDecisionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Writes_WhileAReaderHoldsAnOldSnapshot_NeverWaitForIt()
    {
        await using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await reader.OpenAsync();
        await using var snapshot = reader.BeginTransaction(deferred: true);
        await using (var count = reader.CreateCommand())
        {
            count.Transaction = snapshot;
            count.CommandText = "SELECT COUNT(*) FROM decisions";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }

        // Enough frames to pass the point where the writer runs a checkpoint itself, which the reader's snapshot
        // keeps from finishing: PASSIVE goes on without it (a RESTART would wait up to busy_timeout, 10 s).
        var slowest = TimeSpan.Zero;
        for (int i = 0; i < 1_500; i++)
        {
            var watch = Stopwatch.StartNew();
            await WriteBatchAsync(10);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }

        Assert.True(_store.Checkpointer.CatchUpWanted || _store.Checkpointer.Passes > 0);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a write waited {slowest.TotalMilliseconds:0} ms");
        await snapshot.RollbackAsync();
        Assert.Equal(15_000, await _store.CountActiveDecisionsAsync(CancellationToken.None));
    }

    private async Task WriteBatchAsync(int decisions)
    {
        await using var transaction = await _store.BeginWriteAsync(CancellationToken.None);
        for (int i = 0; i < decisions; i++)
        {
            int n = ++_next;
            var address = BanAddress.Parse($"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}");
            await transaction.InsertDecisionAsync(
                new Decision(0, address, ReportSource.Fail2ban, "sshd", Now, Now, Now.AddHours(1), 1, DecisionState.Active), CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }
}
