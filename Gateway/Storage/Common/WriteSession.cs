using System.Data;
using System.Data.Common;
using System.Globalization;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// One open write transaction on a provider's connection. SQLite hands out cached, prepared commands of its
/// single writer connection; PostgreSQL uses a pooled connection per transaction with auto-prepared statements.
/// Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal abstract class WriteSession : IAsyncDisposable
{
    /// <summary>A command for <paramref name="statement"/>, enlisted in this transaction, parameters declared.</summary>
    public abstract DbCommand Command(SqlStatement statement);

    /// <summary>A one-off command (migration scripts), enlisted in this transaction; the caller disposes it.</summary>
    public abstract DbCommand AdHoc(string text);

    public abstract ValueTask CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public virtual async ValueTask<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        var command = Command(statement);
        SqlStatement.Bind(command, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public virtual async ValueTask<object?> ScalarAsync(SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        var command = Command(statement);
        SqlStatement.Bind(command, values);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>The first row the query yields, mapped, or null when it yields none.</summary>
    public virtual async ValueTask<T?> QueryFirstAsync<T>(
        SqlStatement statement, Func<IDataRecord, T> map, CancellationToken cancellationToken, params object?[] values)
        where T : class
    {
        var command = Command(statement);
        SqlStatement.Bind(command, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    /// <summary>Runs an INSERT ending in <c>RETURNING id</c> and gives the new row's id.</summary>
    public virtual async ValueTask<long> InsertReturningIdAsync(
        SqlStatement statement, CancellationToken cancellationToken, params object?[] values) =>
        Convert.ToInt64(await ScalarAsync(statement, cancellationToken, values), CultureInfo.InvariantCulture);

    public async ValueTask<List<T>> QueryAsync<T>(
        SqlStatement statement, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object?[] values)
    {
        var command = Command(statement);
        SqlStatement.Bind(command, values);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
