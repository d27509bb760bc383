using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Core.Dispatch;

/// <summary>What dispatch did per target: changes confirmed and failed, drift found by reconcile, outbox depth.</summary>
internal sealed class DispatchMetrics
{
    private readonly Counter<long> _changes;
    private readonly Counter<long> _drift;
    private readonly Counter<long> _transportFailures;
    private readonly ConcurrentDictionary<string, long> _depth = new(StringComparer.Ordinal);

    public DispatchMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ReportMetrics.MeterName);
        _changes = meter.CreateCounter<long>("firewallgateway.dispatch.changes", description: "Outbox changes sent to targets, by target, kind and result");
        _drift = meter.CreateCounter<long>("firewallgateway.reconcile.drift", description: "Differences reconcile found between a target and the decisions, by target and kind");
        _transportFailures = meter.CreateCounter<long>("firewallgateway.dispatch.failures", description: "Adapter calls that failed as a whole (target unreachable, timeout), by target");
        meter.CreateObservableGauge(
            "firewallgateway.outbox.depth",
            () => _depth.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("target", p.Key))),
            description: "Changes waiting for each target (as last counted by its worker)");
    }

    public void Changes(string target, string kind, string result, int count)
    {
        if (count > 0)
        {
            _changes.Add(count, Tag("target", target), Tag("kind", kind), Tag("result", result));
        }
    }

    public void Drift(string target, string kind, int count)
    {
        if (count > 0)
        {
            _drift.Add(count, Tag("target", target), Tag("kind", kind));
        }
    }

    public void TransportFailure(string target) => _transportFailures.Add(1, Tag("target", target));

    public void Depth(string target, long depth) => _depth[target] = depth;

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
