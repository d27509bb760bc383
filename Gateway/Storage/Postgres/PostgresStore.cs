using System.Data;
using System.Data.Common;
using FirewallGateway.Storage.Common;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// The shared store for several gateways: every write transaction uses its own pooled connection (PostgreSQL
/// serialises conflicting writers itself); two gateways merging reports for one address are serialised by a
/// transaction-scoped advisory lock on the address, taken before the active decision is read.
/// </summary>
internal sealed class PostgresStore : RelationalStore
{
    private static readonly SqlStatement LockAddress = new(
        $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Address}, hashtext(@address))", ("@address", DbType.String));

    private static readonly SqlStatement LockMigrationRun = new(
        $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Migrations}, 0)");

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStore(string connectionString, TimeProvider time)
        : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The merge statements run thousands of times a second: let Npgsql prepare them server-side.
            builder.MaxAutoPrepare = 64;
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The connection pool, shared with the outbox notifier and target leases.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    protected override string MigrationFolder => "Postgres";

    protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    internal override async ValueTask<WriteSession> BeginSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return new PostgresWriteSession(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal override async ValueTask LockAddressAsync(WriteSession session, string address, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(LockAddress, cancellationToken, address);

    protected override async ValueTask LockMigrationsAsync(WriteSession session, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(LockMigrationRun, cancellationToken);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
