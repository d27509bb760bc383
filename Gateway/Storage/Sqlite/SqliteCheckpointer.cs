using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file from a connection of its own, so the writer never does it inside a
/// commit. SQLite's automatic checkpoint runs in the committing connection: once per 16 MiB of WAL one group commit,
/// and every report waiting on it, also paid for copying pages and an fsync (measured: it was the ingest p99). A
/// PASSIVE checkpoint blocks neither the writer nor readers. The log can only start over when a write begins with
/// every frame copied; a writer that never pauses may not give a checkpoint beside it that moment, so once the log
/// passes <see cref="CatchUpAboveFrames"/> the writer is asked to run one passive checkpoint itself between two
/// transactions: with the frames before it mostly copied already, that is short, and it never waits for readers.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>4 KiB pages: 16 MiB of WAL, SQLite's own checkpoint interval as it was configured before.</summary>
    public const int CatchUpAboveFrames = 4_096;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    // Nothing written since the last look: an idle gateway wakes less often, but soon enough that a burst of
    // writes does not pile up much log before the first pass.
    private static readonly TimeSpan IdlePause = TimeSpan.FromMilliseconds(250);

    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _loop;
    private readonly Lock _connectionLock = new();
    private volatile bool _catchUpWanted;

    public SqliteCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _loop = new Thread(Loop) { IsBackground = true, Name = "SQLite checkpoints" };
        _loop.Start();
    }

    /// <summary>True when the writer should checkpoint once itself (the log grew long, or checkpoints here fail).</summary>
    public bool CatchUpWanted => _catchUpWanted;

    /// <summary>Passive checkpoints done (for tests).</summary>
    public long Passes { get; private set; }

    /// <summary>Called by the writer once its own pass copied every frame (the next write starts the log over).</summary>
    public void CaughtUp() => _catchUpWanted = false;

    /// <summary>One passive checkpoint here: the frames in the log and how many of them are in the database file now.</summary>
    public (int Log, int Copied) CheckpointOnce()
    {
        int log, copied;
        lock (_connectionLock)
        {
            (_, log, copied) = Passive(_connection);
            Passes++;
        }

        if (log > CatchUpAboveFrames)
        {
            _catchUpWanted = true;
        }

        return (log, copied);
    }

    /// <summary>
    /// <c>PRAGMA wal_checkpoint(PASSIVE)</c> on <paramref name="connection"/>: whether another checkpoint held it
    /// off, the frames in the log, and how many are copied. It never waits for the writer or a reader.
    /// </summary>
    public static (bool Busy, int Log, int Copied) Passive(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _loop.Join();
        lock (_connectionLock)
        {
            _connection.Dispose();
        }

        _stop.Dispose();
    }

    // A thread of its own, not the thread pool: every pass is blocking file I/O (copies and fsync), and a busy pool
    // must not starve the checkpoints (the log would grow meanwhile).
    private void Loop()
    {
        int lastCopied = -1, lastLog = -1;
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            bool rest, idle = false;
            if (_catchUpWanted)
            {
                // The writer's own pass is due; a pass here at the same time would only make it find the
                // checkpoint busy.
                rest = true;
            }
            else
            {
                try
                {
                    var (log, copied) = CheckpointOnce();
                    bool progressed = copied != lastCopied;
                    idle = log == lastLog && !progressed;
                    lastCopied = copied;
                    lastLog = log;

                    // Caught up, or held back by a reader's snapshot: rest. Behind: go again at once, so a pass is
                    // short and often ends with every frame copied, which lets the writer start the log over.
                    rest = copied >= log || !progressed;
                }
                catch (Exception)
                {
                    // Whatever it is (an I/O error, a closed file), an exception here would end the process; the
                    // writer's own pass meets the same fault in the commit path, where it is reported.
                    _catchUpWanted = true;
                    rest = true;
                }
            }

            if (rest)
            {
                stop.WaitHandle.WaitOne(idle ? IdlePause : Pause);
            }
        }
    }
}
