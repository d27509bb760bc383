using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>
/// Logs refusals at most once per reason per interval, with how many were suppressed, so a flood of junk
/// cannot flood the log; the counters still see every one. Shared by the syslog and SNMP trap receivers, each
/// with its own counter and log line.
/// </summary>
internal sealed class RejectLog
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, (long LastTicks, long Suppressed)> _state = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<string> _count;
    private readonly Action<ILogger, string, string, long> _write;

    public RejectLog(ILogger logger, TimeProvider time, SyslogMetrics metrics)
        : this(logger, time, metrics.RecordReject, Log.Rejected)
    {
    }

    /// <summary>
    /// A reject log whose <paramref name="count"/> counts every refusal by reason and whose <paramref name="write"/>
    /// logs (logger, reason, sender, suppressed since the last line) at most once per reason per interval.
    /// </summary>
    public RejectLog(ILogger logger, TimeProvider time, Action<string> count, Action<ILogger, string, string, long> write)
    {
        _logger = logger;
        _time = time;
        _count = count;
        _write = write;
    }

    public void Reject(string reason, string? sender)
    {
        _count(reason);
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

        _write(_logger, reason, sender ?? "-", suppressed);
    }
}
