using Microsoft.Extensions.Logging;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// A held target lease: the advisory lock lives as long as <see cref="_connection"/>'s session. The session is
/// checked every interval; when a check fails (server restarted, session terminated, network gone) the lock
/// may already belong to another gateway, so <see cref="Lost"/> fires and this gateway stops driving the target.
/// </summary>
internal sealed partial class PostgresTargetLease : Core.Storage.ITargetLease
{
    private readonly NpgsqlConnection _connection;
    private readonly string _target;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _disposing = new();
    private Task _watch = Task.CompletedTask;

    private PostgresTargetLease(NpgsqlConnection connection, string target, TimeSpan checkInterval, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _target = target;
        _checkInterval = checkInterval;
        _time = time;
        _logger = logger;
    }

    public CancellationToken Lost => _lost.Token;

    public static PostgresTargetLease Start(NpgsqlConnection connection, string target, TimeSpan checkInterval, TimeProvider time, ILogger logger)
    {
        var lease = new PostgresTargetLease(connection, target, checkInterval, time, logger);
        lease._watch = Task.Run(lease.WatchAsync);
        Log.Acquired(logger, target);
        return lease;
    }

    private async Task WatchAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_checkInterval, _time, _disposing.Token);

                // A check that hangs (packets dropped) counts as lost once it takes longer than the interval.
                using var timeout = new CancellationTokenSource(_checkInterval, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposing.Token);
                await using var check = new NpgsqlCommand("SELECT 1", _connection);
                await check.ExecuteScalarAsync(linked.Token);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.LeaseLost(_logger, ex, _target);
            await _lost.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync();
        await _watch;

        // Closing the unpooled connection ends the session, and the session's end frees the lock.
        await _connection.DisposeAsync();
        Log.Released(_logger, _target);
        _lost.Dispose();
        _disposing.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Took the lease on target {Target}: this gateway drives it")]
        public static partial void Acquired(ILogger logger, string target);

        [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "The session holding the lease on target {Target} broke; another gateway may drive it now")]
        public static partial void LeaseLost(ILogger logger, Exception exception, string target);

        [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Released the lease on target {Target}")]
        public static partial void Released(ILogger logger, string target);
    }
}
