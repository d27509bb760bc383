using System.Data;
using System.Data.Common;
using FirewallGateway.Storage.Common;
using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Sqlite;

/// <summary>A transaction on the store's single writer connection; disposing it releases the writer.</summary>
internal sealed class SqliteWriteSession : WriteSession
{
    private readonly SqliteStore _store;
    private readonly SqliteTransaction _transaction;
    private bool _finished;
    private bool _released;

    public SqliteWriteSession(SqliteStore store, SqliteTransaction transaction)
    {
        _store = store;
        _transaction = transaction;
    }

    public override DbCommand Command(SqlStatement statement) => _store.Prepared(statement, _transaction);

    public override DbCommand AdHoc(string text) => _store.AdHoc(text, _transaction);

    public override ValueTask<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_store.Raw.Execute(statement, values));
    }

    public override ValueTask<object?> ScalarAsync(SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_store.Raw.Scalar(statement, values));
    }

    public override ValueTask<T?> QueryFirstAsync<T>(
        SqlStatement statement, Func<IDataRecord, T> map, CancellationToken cancellationToken, params object?[] values)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_store.Raw.QueryFirst(statement, values, map));
    }

    // The row id SQLite assigned is on the connection already; RETURNING would collect it in an ephemeral
    // table (a page cache created and torn down per statement), a measurable share of each new decision.
    public override ValueTask<long> InsertReturningIdAsync(
        SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _store.Raw.Execute(statement.WithoutReturningId, values);
        return ValueTask.FromResult(_store.LastInsertRowId());
    }

    public override ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _transaction.Commit();
        _finished = true;
        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        if (_released)
        {
            return ValueTask.CompletedTask;
        }

        _released = true;
        try
        {
            // Rolls back unless committed.
            _transaction.Dispose();
        }
        finally
        {
            _store.ReleaseWriter();
        }

        return ValueTask.CompletedTask;
    }
}
