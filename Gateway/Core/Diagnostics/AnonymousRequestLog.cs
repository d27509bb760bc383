using Microsoft.Extensions.Logging;

namespace FirewallGateway.Core.Diagnostics;

/// <summary>
/// The log for what anyone on the network can cause: failed logins, throttled and refused requests. Lines pass
/// through a token bucket (a burst of <see cref="Burst"/>, then one per <see cref="RefillEvery"/>), so a flood
/// of bad requests cannot flood the log or the disk; what was held back is summed up every
/// <see cref="SummaryEvery"/> in one "N similar lines suppressed" line. Counters and metrics still see every one.
/// </summary>
public sealed partial class AnonymousRequestLog : IDisposable
{
    public const int Burst = 20;
    public static readonly TimeSpan RefillEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SummaryEvery = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ITimer _summary;
    private readonly Lock _gate = new();
    private double _tokens = Burst;
    private long _atTicks;
    private long _suppressed;

    public AnonymousRequestLog(ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        _logger = loggers.CreateLogger("FirewallGateway.AnonymousRequests");
        _time = time;
        _atTicks = time.GetUtcNow().UtcTicks;
        _summary = time.CreateTimer(_ => Summarise(), null, SummaryEvery, SummaryEvery);
    }

    /// <summary>Writes the line when the bucket allows it, otherwise counts it as suppressed.</summary>
    public void Write<TState>(TState state, Action<ILogger, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        long now = _time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            _tokens = Math.Min(Burst, _tokens + ((double)(now - _atTicks) / RefillEvery.Ticks));
            _atTicks = now;
            if (_tokens < 1)
            {
                _suppressed++;
                return;
            }

            _tokens--;
        }

        write(_logger, state);
    }

    public void Dispose() => _summary.Dispose();

    private void Summarise()
    {
        long suppressed;
        lock (_gate)
        {
            suppressed = _suppressed;
            _suppressed = 0;
        }

        if (suppressed > 0)
        {
            Log.Suppressed(_logger, suppressed, (int)SummaryEvery.TotalSeconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "{Count} similar lines suppressed in the last {Seconds} s (failed or refused anonymous requests)")]
        public static partial void Suppressed(ILogger logger, long count, int seconds);
    }
}
