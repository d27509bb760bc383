using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// Feeds the in-process <see cref="IOutboxSignal"/> from PostgreSQL: a change queued on any gateway of the fleet
/// (the outbox trigger NOTIFYs with the target's name) wakes this gateway's worker for that target at once, so
/// the gateway that drives a target never waits for its poll interval. One dedicated connection LISTENs; when
/// it breaks, every worker is woken (notifications of the gap are lost, so they look for work themselves) and
/// the listener reconnects with a growing pause.
/// </summary>
internal sealed partial class PostgresOutboxListener : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);
    private readonly NpgsqlDataSource _dataSource;
    private readonly IOutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresOutboxListener> _logger;

    public PostgresOutboxListener(NpgsqlDataSource dataSource, IOutboxSignal signal, TimeProvider time, ILogger<PostgresOutboxListener> logger)
    {
        _dataSource = dataSource;
        _signal = signal;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes each time the listener has (re)subscribed; tests wait on it instead of sleeping.</summary>
    internal event Action? Listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var pause = TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
                Log.ListenFailed(_logger, ex, pause.TotalSeconds);
                _signal.Notify(null);
                await Task.Delay(pause, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => _signal.Notify(e.Payload.Length > 0 ? e.Payload : null);
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        connected();
        Log.Listening(_logger, OutboxChannel.Name);

        // Changes queued before LISTEN took effect sent no notification this session can receive.
        _signal.Notify(null);
        Listening?.Invoke();
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Listening on PostgreSQL channel {Channel} for outbox changes of the whole fleet")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Outbox notifications from PostgreSQL stopped; workers poll meanwhile; listening again in {Seconds:0.#} s")]
        public static partial void ListenFailed(ILogger logger, Exception exception, double seconds);
    }
}
