using System.Data.Common;
using System.Runtime.CompilerServices;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// Everything the SQLite and PostgreSQL stores share: the statements, the row mapping and the contract logic
/// of every Core storage interface. A provider supplies connections, the write transaction and its migrations.
/// </summary>
internal abstract partial class RelationalStore :
    IStoreMigrator, IDecisionStore, IDispatchOutbox, IAllowListStore, ITargetStore, ICredentialStore, IAsyncDisposable
{
    protected RelationalStore(TimeProvider time)
    {
        Time = time;
    }

    protected TimeProvider Time { get; }

    /// <summary>The folder under Migrations/ that holds this provider's scripts.</summary>
    protected abstract string MigrationFolder { get; }

    /// <summary>An open connection for reads; readers never wait for the writer.</summary>
    protected abstract ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>A read-only snapshot on a reader connection (never a write lock: readers must not wait for the writer).</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// A read transaction for the change log (stream pulls): every change with a sequence below the newest one it
    /// sees must be committed already, or a consumer's cursor would pass it. With one writer at a time (SQLite)
    /// a snapshot is enough; PostgreSQL first waits for the report batches in flight.
    /// </summary>
    protected virtual ValueTask<DbTransaction> BeginChangeLogReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginSnapshotAsync(connection, cancellationToken);

    /// <summary>Opens a write transaction (SQLite: waits for the single writer).</summary>
    internal abstract ValueTask<WriteSession> BeginSessionAsync(CancellationToken cancellationToken);

    /// <summary>Called first in the migration transaction (PostgreSQL serialises gateways migrating at once).</summary>
    protected virtual ValueTask LockMigrationsAsync(WriteSession session, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs one write transaction and commits it.</summary>
    protected async ValueTask<T> WriteAsync<T>(Func<WriteSession, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        await using var session = await BeginSessionAsync(cancellationToken);
        var result = await work(session);
        await session.CommitAsync(cancellationToken);
        return result;
    }

    protected async ValueTask<List<T>> ReadAsync<T>(
        SqlStatement statement, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object?[] values)
    {
        var rows = new List<T>();
        await foreach (var row in StreamAsync(statement, map, cancellationToken, values))
        {
            rows.Add(row);
        }

        return rows;
    }

    protected async IAsyncEnumerable<T> StreamAsync<T>(
        SqlStatement statement, Func<DbDataReader, T> map, [EnumeratorCancellation] CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        statement.Apply(command);
        SqlStatement.Bind(command, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return map(reader);
        }
    }

    protected async ValueTask<object?> ReadScalarAsync(SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        statement.Apply(command);
        SqlStatement.Bind(command, values);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
