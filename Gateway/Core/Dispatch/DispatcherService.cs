using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Dispatch;

/// <summary>Starts one <see cref="TargetWorker"/> per configured target and keeps them running until shutdown.</summary>
internal sealed class DispatcherService : BackgroundService
{
    private readonly IReadOnlyList<IFirewallAdapter> _adapters;
    private readonly IDecisionStore _decisions;
    private readonly IDispatchOutbox _outbox;
    private readonly ITargetStore _targets;
    private readonly IOutboxSignal _signal;
    private readonly ITargetLeases _leases;
    private readonly DispatchOptions _options;
    private readonly DispatchMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ITargetDeliveryPolicy? _delivery;
    private readonly ReconcileRequests? _requests;
    private readonly QueuedFolds? _folds;

    public DispatcherService(
        IEnumerable<IFirewallAdapter> adapters,
        IDecisionStore decisions,
        IDispatchOutbox outbox,
        ITargetStore targets,
        IOutboxSignal signal,
        ITargetLeases leases,
        IOptions<DispatchOptions> options,
        DispatchMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggers,
        ITargetDeliveryPolicy? delivery = null,
        ITargetReconcileTrigger? requests = null,
        QueuedFolds? folds = null)
    {
        _delivery = delivery;
        _requests = requests as ReconcileRequests;
        _folds = folds;
        _adapters = adapters.ToList();
        _decisions = decisions;
        _outbox = outbox;
        _targets = targets;
        _signal = signal;
        _leases = leases;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = _loggers.CreateLogger<TargetWorker>();
        var retry = new RetrySchedule(_options.RetryInitialDelay, _options.RetryMaxDelay);
        var reconciler = new Reconciler(_decisions, _outbox, _time, _options.RenewWithin, _delivery, _folds);
        var workers = _adapters.Select(adapter =>
        {
            var drain = new OutboxDrain(_outbox, _targets, retry, _metrics, _time, _options.BatchSize, _options.CallTimeout, _delivery, _folds);
            var worker = new TargetWorker(adapter, drain, reconciler, _outbox, _targets, _signal, _leases, _options, _metrics, _time, logger, _requests);

            // Each worker on its own task: an adapter that blocks a thread cannot hold up the others.
            return Task.Run(() => worker.RunAsync(stoppingToken), CancellationToken.None);
        });
        return Task.WhenAll(workers);
    }
}
