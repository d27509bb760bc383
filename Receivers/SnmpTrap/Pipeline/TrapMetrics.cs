using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>
/// The receiver's instruments on the gateway's meter: packets by version and PDU, rejects by reason, answers
/// (inform Responses, Reports) by kind, matches and bans by rule. Totals are also kept for tests.
/// </summary>
internal sealed class TrapMetrics
{
    private readonly Counter<long> _packets;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _matches;
    private readonly Counter<long> _bans;
    private readonly ConcurrentDictionary<string, long> _rejectTotals = new(StringComparer.Ordinal);
    private long _received;

    public TrapMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ReportMetrics.MeterName);
        _packets = meter.CreateCounter<long>("firewallgateway.snmptrap.packets", description: "SNMP packets accepted for processing, by version and PDU type");
        _rejects = meter.CreateCounter<long>("firewallgateway.snmptrap.rejects", description: "SNMP packets and traps refused, by reason");
        _answers = meter.CreateCounter<long>("firewallgateway.snmptrap.answers", description: "Inform Responses and USM Reports sent, by kind");
        _matches = meter.CreateCounter<long>("firewallgateway.snmptrap.matches", description: "Traps matched, by rule");
        _bans = meter.CreateCounter<long>("firewallgateway.snmptrap.bans", description: "Bans raised by trap rules, by rule");
    }

    /// <summary>Datagrams received (before any check).</summary>
    public long Received => Interlocked.Read(ref _received);

    public void RecordReceived() => Interlocked.Increment(ref _received);

    public void RecordPacket(string version, string pdu) =>
        _packets.Add(1, new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("pdu", pdu));

    public void RecordReject(string reason)
    {
        _rejectTotals.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void RecordAnswer(string kind) => _answers.Add(1, new KeyValuePair<string, object?>("kind", kind));

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
