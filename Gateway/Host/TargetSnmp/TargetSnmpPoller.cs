using FirewallGateway.Core.Dispatch;
using FirewallGateway.Targets;

namespace FirewallGateway.TargetSnmp;

/// <summary>
/// Runs one <see cref="TargetSnmpMonitor"/> per target with a <c>Snmp</c> section, each on its own timer, so a
/// silent agent never delays another target's poll.
/// </summary>
internal sealed partial class TargetSnmpPoller : BackgroundService
{
    private readonly Dictionary<string, TargetSnmpMonitor> _monitors = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<TargetSnmpPoller> _logger;

    public TargetSnmpPoller(
        ConfiguredTargets targets, ITargetReconcileTrigger reconcile, TargetSnmpMetrics metrics, TimeProvider time, ILogger<TargetSnmpPoller> logger)
    {
        _time = time;
        _logger = logger;
        foreach (var (target, options) in targets.SnmpTargets)
        {
            _monitors[target] = new TargetSnmpMonitor(target, options, reconcile, metrics, time, logger);
        }
    }

    /// <summary>The monitor of <paramref name="target"/>, or null when it has no SNMP polling.</summary>
    public TargetSnmpMonitor? Monitor(string target) => _monitors.GetValueOrDefault(target);

    public override void Dispose()
    {
        foreach (var monitor in _monitors.Values)
        {
            monitor.Dispose();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_monitors.Values.Select(monitor => Task.Run(() => RunAsync(monitor, stoppingToken), CancellationToken.None)));

    private async Task RunAsync(TargetSnmpMonitor monitor, CancellationToken stoppingToken)
    {
        Log.Polling(_logger, monitor.Target, monitor.Status.Agent, monitor.PollInterval.TotalSeconds);
        using var timer = new PeriodicTimer(monitor.PollInterval, _time);
        try
        {
            do
            {
                await monitor.PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Polling target {Target} by SNMP at {Agent} every {Seconds:0.#} s")]
        public static partial void Polling(ILogger logger, string target, string agent, double seconds);
    }
}
