using System.Data;
using System.Data.Common;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The shared store for several gateways. The decision writer's batches run on the server in one statement
/// each (<see cref="PostgresBatchMerge"/>), side by side across gateways, serialised per address only; every
/// other write transaction uses its own pooled connection and takes the fleet's write lock exclusively (see
/// <see cref="AdvisoryLocks.Writes"/>). Reads never wait.
/// </summary>
internal sealed class PostgresStore : RelationalStore, IBatchMergeStore
{
    private static readonly SqlStatement LockWrites = new(
        $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Writes}, 0)");

    private static readonly SqlStatement LockMigrationRun = new(
        $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Migrations}, 0)");

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _sessions;
    private readonly string _server;

    public PostgresStore(string connectionString, TimeProvider time)
        : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _server = $"{builder.Host}:{builder.Port}, database '{builder.Database}', user '{builder.Username}'";
        if (builder.MaxAutoPrepare == 0)
        {
            // The merge statements run thousands of times a second: let Npgsql prepare them server-side.
            builder.MaxAutoPrepare = 64;
        }

        // A pooled connection was reset on its return (Npgsql sends seven statements ahead of its next use: RESET
        // ALL, UNLISTEN *, pg_advisory_unlock_all() ...): one more parse and run per batch for state no pooled
        // connection keeps. Transactions end before a connection goes back (Npgsql rolls back what is open),
        // advisory locks are transaction-scoped, and LISTEN and session locks use the unpooled Sessions below;
        // the one session setting, firewallgateway.batch_enqueued, is written by every batch before it is read.
        // "No Reset On Close=false" in the connection string keeps the reset (an operator's choice wins).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // Every write holds the fleet's write lock: a gateway frozen inside a transaction (SIGSTOP, a hung VM)
        // must not stall the others for longer than this; the server ends such a session and frees the lock.
        if (builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
        {
            builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout=60000".Trim();
        }

        _dataSource = NpgsqlDataSource.Create(builder);

        // Long-lived sessions (target leases, LISTEN) are never pooled: closing one must end the session so the
        // server frees its advisory locks. Keepalives make a silently dead connection fail instead of hang.
        var sessions = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, MaxAutoPrepare = 0 };
        if (sessions.KeepAlive == 0)
        {
            sessions.KeepAlive = 5;
        }

        _sessions = NpgsqlDataSource.Create(sessions);
    }

    /// <summary>Unpooled connections for sessions that hold something: target leases and the outbox listener.</summary>
    internal NpgsqlDataSource Sessions => _sessions;

    protected override string MigrationFolder => "Postgres";

    protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await OpenAsync(cancellationToken);

    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    // Report batches of several gateways commit in any order, so a change-log sequence can become visible before
    // a lower one: holding the fleet's write lock exclusively, no batch is in flight and none starts until this
    // read ends, and each statement of a read-committed transaction sees everything committed before it.
    protected override async ValueTask<DbTransaction> BeginChangeLogReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var command = new NpgsqlCommand(LockWrites.Text, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    internal override async ValueTask<WriteSession> BeginSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            var session = new PostgresWriteSession(connection, transaction);
            await session.ExecuteAsync(LockWrites, cancellationToken);
            return session;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<BatchMergeResult>> MergeBatchAsync(
        IReadOnlyList<BatchMergeItem> items, BatchMergeRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rules);
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await PostgresBatchMerge.RunAsync(connection, items, rules, now, cancellationToken);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException || ex.IsTransient)
        {
            // The server went away (restart, failover, network): the other pooled connections are dead too, so
            // drop them now rather than fail one batch per stale connection after the server is back. Whether
            // this batch committed is unknown; its callers were not acknowledged and may send it again.
            _dataSource.Clear();
            throw new StoreUnavailableException($"PostgreSQL at {_server} failed during a write: {ex.Message}", ex);
        }
    }

    protected override async ValueTask LockMigrationsAsync(WriteSession session, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(LockMigrationRun, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _sessions.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>
    /// Opens a pooled connection. A server that cannot be reached or refuses the login is reported with the
    /// configuration key and the server it tried, so start-up stops with a message an operator can act on.
    /// </summary>
    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            string reason = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : ex.Message;
            throw new StoreUnavailableException(
                $"{StorageOptions.SectionName}:PostgresConnectionString: cannot connect to PostgreSQL at {_server}: {reason}", ex);
        }
    }
}
