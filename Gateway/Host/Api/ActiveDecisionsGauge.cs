using System.Diagnostics.Metrics;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>firewallgateway.decisions.active</c>: the number of active decisions, counted in the store every
/// <see cref="Interval"/> (a scrape must not run a query), published on the gateway's meter.
/// </summary>
internal sealed partial class ActiveDecisionsGauge : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly IDecisionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ActiveDecisionsGauge> _logger;
    private long _active;

    public ActiveDecisionsGauge(IDecisionStore store, IMeterFactory meterFactory, TimeProvider time, ILogger<ActiveDecisionsGauge> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        meterFactory.Create(ReportMetrics.MeterName).CreateObservableGauge(
            "firewallgateway.decisions.active", () => Interlocked.Read(ref _active), description: "Active decisions (addresses blocked now)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                Interlocked.Exchange(ref _active, await _store.CountActiveDecisionsAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CountFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Counting active decisions for /metrics failed")]
        public static partial void CountFailed(ILogger logger, Exception exception);
    }
}
