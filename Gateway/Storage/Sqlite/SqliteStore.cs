using System.Data.Common;
using FirewallGateway.Storage.Common;
using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. A single writer connection, serialised by a semaphore,
/// keeps its prepared commands for its whole life (the group-commit hot path); reads open their own pooled
/// connections and, with WAL, never wait for the writer.
/// </summary>
internal sealed class SqliteStore : RelationalStore
{
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly Dictionary<SqlStatement, SqliteCommand> _prepared = new(ReferenceEqualityComparer.Instance);
    private readonly string _readerConnectionString;
    private readonly SqliteCheckpointer _checkpointer;
    private readonly SqliteRawStatements _raw;
    private bool _disposed;

    public SqliteStore(string databasePath, TimeProvider time, bool syncEveryCommit = false)
        : base(time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        if (Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
        {
            PrivateFiles.CreateFolder(directory);
        }

        PrivateFiles.PrepareDatabaseFile(DatabasePath);

        _writer = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWriteCreate, pooling: false));
        _writer.Open();

        // WAL: readers see the last commit while the writer works. synchronous=NORMAL in WAL syncs at
        // checkpoints, not at each commit: a commit survives the process being killed (the WAL is in the OS
        // page cache), only a power loss or kernel crash can lose the last commits. FULL (Storage:SqliteSynchronous)
        // also syncs the log at each commit.
        Pragma("PRAGMA journal_mode = WAL");
        Pragma(syncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        Pragma("PRAGMA busy_timeout = 10000");
        Pragma("PRAGMA foreign_keys = ON");
        Pragma("PRAGMA temp_store = MEMORY");

        // The writer touches the same hot pages (index roots, the right edge of append-only tables) in every
        // group commit: a 32 MiB cache keeps them and the active decisions' index in memory.
        Pragma("PRAGMA cache_size = -32768");

        // Checkpoints run beside the writer, not inside its commits (SqliteCheckpointer); a WAL that grew long
        // (a reader held an old snapshot) is cut back to 64 MiB when it starts over.
        Pragma("PRAGMA wal_autocheckpoint = 0");
        Pragma("PRAGMA journal_size_limit = 67108864");

        _raw = new SqliteRawStatements(_writer);
        _readerConnectionString = ConnectionString(SqliteOpenMode.ReadWrite, pooling: true);
        _checkpointer = new SqliteCheckpointer(ConnectionString(SqliteOpenMode.ReadWrite, pooling: false));
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>A setting of the writer's connection (<c>synchronous</c> is per connection; tests read it).</summary>
    internal long WriterPragma(string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a pragma name", nameof(name));
        }

        using var command = _writer.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The checkpoints beside the writer (tests look at it).</summary>
    internal SqliteCheckpointer Checkpointer => _checkpointer;

    protected override string MigrationFolder => "Sqlite";

    protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readerConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // Deferred: a plain BEGIN takes no lock until the first read, and a WAL reader then holds a snapshot only.
    // (Microsoft.Data.Sqlite's default is BEGIN IMMEDIATE, which would queue readers behind the writer.)
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    internal override async ValueTask<WriteSession> BeginSessionAsync(CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_checkpointer.CatchUpWanted)
            {
                // No commit can add frames during this pass, so it can copy them all and the BEGIN below then
                // starts the log over. PASSIVE never waits: while a reader holds an old snapshot it copies what it
                // can and the next transaction tries again.
                var (busy, log, copied) = SqliteCheckpointer.Passive(_writer);
                if (!busy && copied >= log)
                {
                    _checkpointer.CaughtUp();
                }
            }

            // BEGIN IMMEDIATE: take the file's write lock now, so another process (a CLI) fails fast on
            // busy_timeout here instead of deadlocking halfway through the batch.
            return new SqliteWriteSession(this, _writer.BeginTransaction(deferred: false));
        }
        catch
        {
            _writerGate.Release();
            throw;
        }
    }

    /// <summary>The writer's prepared command for a statement, enlisted in the current transaction.</summary>
    internal SqliteCommand Prepared(SqlStatement statement, SqliteTransaction transaction)
    {
        if (!_prepared.TryGetValue(statement, out var command))
        {
            command = _writer.CreateCommand();
            statement.Apply(command);
            command.Transaction = transaction;
            command.Prepare();
            _prepared.Add(statement, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>The writer's statements run through the C API (only while holding the writer).</summary>
    internal SqliteRawStatements Raw => _raw;

    /// <summary>The id of the row the writer's last INSERT added (triggers' inserts do not count).</summary>
    internal long LastInsertRowId() => SQLitePCL.raw.sqlite3_last_insert_rowid(_writer.Handle);

    internal SqliteCommand AdHoc(string text, SqliteTransaction transaction)
    {
        var command = _writer.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    internal void ReleaseWriter() => _writerGate.Release();

    public override async ValueTask DisposeAsync()
    {
        await _writerGate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _checkpointer.DisposeAsync();
            foreach (var command in _prepared.Values)
            {
                await command.DisposeAsync();
            }

            _prepared.Clear();
            _raw.Dispose();
            await _writer.DisposeAsync();

            // Pooled reader connections would keep the file open after the store is gone.
            using var readers = new SqliteConnection(_readerConnectionString);
            SqliteConnection.ClearPool(readers);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private string ConnectionString(SqliteOpenMode mode, bool pooling) =>
        new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = mode, Pooling = pooling, DefaultTimeout = 30 }.ToString();

    private void Pragma(string text)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }
}
