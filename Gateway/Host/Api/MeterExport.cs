using FirewallGateway.Core.Diagnostics;
using Prometheus;

namespace FirewallGateway.Api;

/// <summary>
/// Publishes the "FirewallGateway" meter to prometheus-net's registry from process start. prometheus-net's
/// default adapter starts only at the first scrape, so every count before it would be lost; this one is
/// started eagerly, once per process (the registry is process-wide). Exported names are the meter name plus
/// the instrument name: <c>firewallgateway_firewallgateway_reports_total</c> and so on (see docs/operations/fleet.md).
/// </summary>
internal static class MeterExport
{
    private static readonly Lazy<IDisposable> Adapter = new(() =>
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        return MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name == ReportMetrics.MeterName,
        });
    });

    public static void Start() => _ = Adapter.Value;
}
