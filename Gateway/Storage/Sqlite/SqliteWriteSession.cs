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
