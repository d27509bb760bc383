using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>
/// The receiver's instruments on the gateway's meter: messages by transport, rejects and drops by reason,
/// matches and bans by rule. Totals are also kept here for the reject log and for tests.
/// </summary>
internal sealed class SyslogMetrics
{
    private readonly Counter<long> _messages;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _matches;
    private readonly Counter<long> _bans;
    private readonly ConcurrentDictionary<string, long> _rejectTotals = new(StringComparer.Ordinal);
    private long _received;
    private long _processed;

    public SyslogMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ReportMetrics.MeterName);
        _messages = meter.CreateCounter<long>("firewallgateway.syslog.messages", description: "Syslog messages received, by transport");
        _rejects = meter.CreateCounter<long>("firewallgateway.syslog.rejects", description: "Syslog messages, frames and senders refused or dropped, by reason");
        _matches = meter.CreateCounter<long>("firewallgateway.syslog.matches", description: "Failures detected, by rule");
        _bans = meter.CreateCounter<long>("firewallgateway.syslog.bans", description: "Bans raised by detection rules, by rule");
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages the detection worker has finished with (parsed or rejected).</summary>
    public long Processed => Interlocked.Read(ref _processed);

    public void RecordReceived(string transport)
    {
        Interlocked.Increment(ref _received);
        _messages.Add(1, new KeyValuePair<string, object?>("transport", transport));
    }

    public void RecordProcessed() => Interlocked.Increment(ref _processed);

    public void RecordReject(string reason)
    {
        _rejectTotals.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void RecordMatch(string rule, bool ban)
    {
        _matches.Add(1, new KeyValuePair<string, object?>("rule", rule));
        if (ban)
        {
            _bans.Add(1, new KeyValuePair<string, object?>("rule", rule));
        }
    }

    public long Rejects(string reason) => _rejectTotals.TryGetValue(reason, out long n) ? n : 0;
}
