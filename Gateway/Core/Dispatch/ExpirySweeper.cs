using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// Turns expired decisions into unbans: marks them expired and queues an unban for every target in one
/// transaction, then wakes the workers. Runs on every gateway; the store's transaction makes a second sweeper
/// find nothing left to expire.
/// </summary>
internal sealed partial class ExpirySweeper : BackgroundService
{
    private readonly IDecisionStore _decisions;
    private readonly IOutboxSignal _signal;
    private readonly DispatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ExpirySweeper> _logger;

    public ExpirySweeper(IDecisionStore decisions, IOutboxSignal signal, IOptions<DispatchOptions> options, TimeProvider time, ILogger<ExpirySweeper> logger)
    {
        _decisions = decisions;
        _signal = signal;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await SweepAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                Log.SweepFailed(_logger, ex);
                wait = TimeSpan.FromTicks(Math.Min(_options.ExpirySweepInterval.Ticks * failures, TimeSpan.FromMinutes(1).Ticks));
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Expires what is due; returns how long to wait before the next sweep.</summary>
    internal async Task<TimeSpan> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = await _decisions.ExpireDueAsync(_time.GetUtcNow(), _options.ExpiryBatchSize, cancellationToken);
        if (expired.Count > 0)
        {
            _signal.Notify(null);
            Log.Expired(_logger, expired.Count);
            if (expired.Count >= _options.ExpiryBatchSize)
            {
                return TimeSpan.Zero;
            }
        }

        var next = await _decisions.NextExpiryAsync(cancellationToken);
        var untilNext = next is { } at ? at - _time.GetUtcNow() : _options.ExpirySweepInterval;
        return untilNext < _options.ExpirySweepInterval ? untilNext : _options.ExpirySweepInterval;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "{Count} decisions expired; unbans queued for every target")]
        public static partial void Expired(ILogger logger, int count);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Expiry sweep failed; retrying")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
