using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>
/// Makes the gateways one fleet through PostgreSQL notifications. A change queued on any gateway (the outbox
/// trigger NOTIFYs with the target's name) wakes this gateway's worker for that target at once, so the gateway
/// that drives a target never waits for its poll interval; an allow-list change made on any gateway reloads
/// this gateway's filter. One dedicated connection LISTENs; when it breaks, every worker is woken and the
/// allow-list reloaded (notifications of the gap are lost), and the listener reconnects with a growing pause.
/// </summary>
internal sealed partial class PostgresOutboxListener : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);
    private readonly NpgsqlDataSource _dataSource;
    private readonly IOutboxSignal _signal;
    private readonly Func<CancellationToken, ValueTask>? _reloadAllowList;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresOutboxListener> _logger;
    private readonly SemaphoreSlim _allowListChanged = new(0, 1);

    public PostgresOutboxListener(
        NpgsqlDataSource dataSource,
        IOutboxSignal signal,
        Func<CancellationToken, ValueTask>? reloadAllowList,
        TimeProvider time,
        ILogger<PostgresOutboxListener> logger)
    {
        _dataSource = dataSource;
        _signal = signal;
        _reloadAllowList = reloadAllowList;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes each time the listener has (re)subscribed; tests wait on it instead of sleeping.</summary>
    internal event Action? Listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reloading = _reloadAllowList is null ? Task.CompletedTask : ReloadAllowListAsync(_reloadAllowList, stoppingToken);
        await ListenLoopAsync(stoppingToken);
        await reloading;
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
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
                AllowListChanged();
                await Task.Delay(pause, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == OutboxChannel.AllowList)
            {
                AllowListChanged();
                return;
            }

            _signal.Notify(e.Payload.Length > 0 ? e.Payload : null);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxChannel.Name}; LISTEN {OutboxChannel.AllowList}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        connected();
        Log.Listening(_logger, OutboxChannel.Name);

        // Changes made before LISTEN took effect sent no notification this session can receive.
        _signal.Notify(null);
        AllowListChanged();
        Listening?.Invoke();
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    // Several changes while a reload runs fold into one more reload.
    private void AllowListChanged()
    {
        if (_allowListChanged.CurrentCount == 0)
        {
            try
            {
                _allowListChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another notification got there first: one reload is pending either way.
            }
        }
    }

    private async Task ReloadAllowListAsync(Func<CancellationToken, ValueTask> reload, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _allowListChanged.WaitAsync(stoppingToken);
                try
                {
                    await reload(stoppingToken);
                    AllowListReloaded?.Invoke();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The listener's reconnect asks again; meanwhile the previous list stays in force.
                    Log.AllowListReloadFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Raised after each allow-list reload; tests wait on it instead of sleeping.</summary>
    internal event Action? AllowListReloaded;

    public override void Dispose()
    {
        _allowListChanged.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Listening on PostgreSQL channel {Channel} for outbox changes of the whole fleet")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Outbox notifications from PostgreSQL stopped; workers poll meanwhile; listening again in {Seconds:0.#} s")]
        public static partial void ListenFailed(ILogger logger, Exception exception, double seconds);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Reloading the allow-list after a change on another gateway failed; the previous list stays in force")]
        public static partial void AllowListReloadFailed(ILogger logger, Exception exception);
    }
}
