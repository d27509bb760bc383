using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>
/// Logs refusals at most once per reason per interval, with how many were suppressed, so a flood of junk
/// cannot flood the log; the counters still see every one.
/// </summary>
internal sealed class RejectLog
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, (long LastTicks, long Suppressed)> _state = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SyslogMetrics _metrics;

    public RejectLog(ILogger logger, TimeProvider time, SyslogMetrics metrics)
    {
        _logger = logger;
        _time = time;
        _metrics = metrics;
    }

    public void Reject(string reason, string? sender)
    {
        _metrics.RecordReject(reason);
        long now = _time.GetUtcNow().UtcTicks;
        long suppressed;
        lock (_state)
        {
            if (_state.TryGetValue(reason, out var entry) && now - entry.LastTicks < Interval.Ticks)
            {
                _state[reason] = (entry.LastTicks, entry.Suppressed + 1);
                return;
            }

            suppressed = _state.TryGetValue(reason, out entry) ? entry.Suppressed : 0;
            _state[reason] = (now, 0);
        }

        Log.Rejected(_logger, reason, sender ?? "-", suppressed);
    }
}
