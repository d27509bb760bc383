using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.TargetSnmp;

/// <summary>
/// SNMP health of targets on the gateway's meter (exported on /metrics, names in docs/OPERATIONS.md): polls by
/// result, reboots seen, uptime, the time of the last reboot, and sysName as an info-style gauge.
/// </summary>
internal sealed class TargetSnmpMetrics
{
    private readonly Counter<long> _polls;
    private readonly Counter<long> _reboots;
    private readonly ConcurrentDictionary<string, TargetSnmpStatus> _latest = new(StringComparer.Ordinal);

    public TargetSnmpMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ReportMetrics.MeterName);
        _polls = meter.CreateCounter<long>("firewallgateway.target.snmp.polls", description: "SNMP polls of targets, by target and result (ok, timeout, wrong-digest, ...)");
        _reboots = meter.CreateCounter<long>("firewallgateway.target.snmp.reboots", description: "Target reboots seen by SNMP (each triggers a reconcile), by target");
        meter.CreateObservableGauge(
            "firewallgateway.target.snmp.uptime.seconds",
            () => _latest.Where(p => p.Value.Uptime is not null)
                .Select(p => new Measurement<double>(p.Value.Uptime!.Value.TotalSeconds, Tag("target", p.Key))),
            description: "sysUpTime of each target at its last good SNMP poll, in seconds");
        meter.CreateObservableGauge(
            "firewallgateway.target.snmp.last.reboot.timestamp.seconds",
            () => _latest.Where(p => p.Value.LastRebootAt is not null)
                .Select(p => new Measurement<double>(p.Value.LastRebootAt!.Value.ToUnixTimeSeconds(), Tag("target", p.Key))),
            description: "When each target last booted (Unix time), as of the last reboot SNMP saw");
        meter.CreateObservableGauge(
            "firewallgateway.target.snmp.info",
            () => _latest.Where(p => p.Value.SysName is not null)
                .Select(p => new Measurement<long>(1, Tag("target", p.Key), Tag("sysname", p.Value.SysName!))),
            description: "Always 1; the sysname label is the target's sysName.0 at its last good poll");
    }

    public void Polled(string target, TargetSnmpStatus status)
    {
        _latest[target] = status;
        _polls.Add(1, Tag("target", target), Tag("result", status.LastResult));
    }

    public void Rebooted(string target) => _reboots.Add(1, Tag("target", target));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
