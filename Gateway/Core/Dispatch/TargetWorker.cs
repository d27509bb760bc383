using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// Drives one target for as long as the gateway holds its lease: reconciles at start, after a failure clears
/// and on a timer; drains the outbox whenever it is woken or a retry comes due; backs off while the target is
/// down. Each target has its own worker, so a slow or dead target never delays another one or the receivers.
/// </summary>
internal sealed partial class TargetWorker
{
    private readonly IFirewallAdapter _adapter;
    private readonly OutboxDrain _drain;
    private readonly Reconciler _reconciler;
    private readonly IDispatchOutbox _outbox;
    private readonly ITargetStore _targets;
    private readonly IOutboxSignal _signal;
    private readonly ITargetLeases _leases;
    private readonly DispatchOptions _options;
    private readonly RetrySchedule _backoff;
    private readonly DispatchMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconcileRequests? _requests;

    public TargetWorker(
        IFirewallAdapter adapter,
        OutboxDrain drain,
        Reconciler reconciler,
        IDispatchOutbox outbox,
        ITargetStore targets,
        IOutboxSignal signal,
        ITargetLeases leases,
        DispatchOptions options,
        DispatchMetrics metrics,
        TimeProvider time,
        ILogger logger,
        ReconcileRequests? requests = null)
    {
        _adapter = adapter;
        _drain = drain;
        _reconciler = reconciler;
        _outbox = outbox;
        _targets = targets;
        _signal = signal;
        _leases = leases;
        _options = options;
        _backoff = new RetrySchedule(options.RetryInitialDelay, options.RetryMaxDelay);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _requests = requests;
    }

    private string Target => _adapter.TargetName;

    public async Task RunAsync(CancellationToken stopping)
    {
        int crashes = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var lease = await AcquireLeaseAsync(stopping);
                using var driving = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
                Log.Driving(_logger, Target);
                try
                {
                    await DriveAsync(driving.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    Log.LeaseLost(_logger, Target);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store itself failed (disk full, database gone): nothing is lost, the rows are still
                // there; wait and start over rather than take the whole gateway down.
                crashes++;
                Log.WorkerFailed(_logger, ex, Target);
                await Task.Delay(_backoff.DelayFor(crashes), _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<ITargetLease> AcquireLeaseAsync(CancellationToken stopping)
    {
        bool told = false;
        while (true)
        {
            var lease = await _leases.TryAcquireAsync(Target, stopping);
            if (lease is not null)
            {
                return lease;
            }

            if (!told)
            {
                Log.DrivenElsewhere(_logger, Target);
                told = true;
            }

            await Task.Delay(_options.LeaseRetryInterval, _time, stopping);
        }
    }

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        bool reconcileDue = true;
        bool flushAll = false;
        int failures = 0;
        var nextReconcile = _time.GetUtcNow();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_requests?.TryTake(Target) == true)
            {
                // Someone knows the target lost its entries (SNMP saw it reboot): do not wait for the interval.
                Log.ReconcileRequested(_logger, Target);
                reconcileDue = true;
            }

            string? error = null;
            if (reconcileDue || _time.GetUtcNow() >= nextReconcile)
            {
                error = await ReconcileAsync(cancellationToken);
                if (error is null)
                {
                    reconcileDue = false;
                    nextReconcile = _time.GetUtcNow() + _options.ReconcileInterval;
                }
            }

            var drained = default(DrainResult);
            if (error is null)
            {
                var dueBy = flushAll ? DateTimeOffset.MaxValue : _time.GetUtcNow();
                drained = await _drain.DrainOnceAsync(_adapter, dueBy, cancellationToken);
                error = drained.TransportError;
                if (flushAll && (drained.Failed > 0 || drained.Taken < _drain.TakeFor(_adapter)))
                {
                    flushAll = false;
                }
            }

            if (error is not null)
            {
                failures++;
                reconcileDue = true;
                flushAll = false;
                var wait = _backoff.DelayFor(failures);

                // What waits for a failing target is the figure operators watch most.
                _metrics.Depth(Target, await _outbox.CountPendingAsync(Target, cancellationToken));
                Log.TargetFailing(_logger, Target, failures, wait.TotalSeconds, error);
                await Task.Delay(wait, _time, cancellationToken);
                continue;
            }

            if (failures > 0)
            {
                // The target answers again: everything that waited out a backoff is sent now, not at its due time.
                Log.TargetRecovered(_logger, Target, failures);
                failures = 0;
                flushAll = true;
                continue;
            }

            if (flushAll || drained.Taken >= _drain.TakeFor(_adapter))
            {
                continue;
            }

            await SleepAsync(nextReconcile, cancellationToken);
        }
    }

    private async Task<string?> ReconcileAsync(CancellationToken cancellationToken)
    {
        List<EnforcedEntry> held;
        try
        {
            using var timeout = new CancellationTokenSource(_options.CallTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            held = [];
            await foreach (var entry in _adapter.ListAsync(linked.Token))
            {
                held.Add(entry);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await RecordFailureAsync($"listing took longer than {_options.CallTimeout.TotalSeconds:0.###} s", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await RecordFailureAsync(ex.Message, cancellationToken);
        }

        var result = await _reconciler.ReconcileAsync(Target, held, cancellationToken);
        await _targets.RecordContactAsync(Target, _time.GetUtcNow(), null, cancellationToken);
        _metrics.Drift(Target, "missing", result.Missing);
        _metrics.Drift(Target, "stale", result.Stale);
        _metrics.Drift(Target, "renew", result.Renewed);
        if (result.Missing + result.Stale + result.Renewed > 0)
        {
            Log.Drift(_logger, Target, result.Held, result.Wanted, result.Missing, result.Stale, result.Renewed);
        }

        return null;
    }

    private async Task<string> RecordFailureAsync(string error, CancellationToken cancellationToken)
    {
        _metrics.TransportFailure(Target);
        await _targets.RecordContactAsync(Target, _time.GetUtcNow(), error, cancellationToken);
        return error;
    }

    private async Task SleepAsync(DateTimeOffset nextReconcile, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _metrics.Depth(Target, await _outbox.CountPendingAsync(Target, cancellationToken));
        var wait = _options.PollInterval;
        if (await _outbox.NextDueAsync(Target, cancellationToken) is { } due && due - now < wait)
        {
            wait = due - now;
        }

        if (nextReconcile - now < wait)
        {
            wait = nextReconcile - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await _signal.WaitAsync(Target, wait, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Driving target {Target}")]
        public static partial void Driving(ILogger logger, string target);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Target {Target} is driven by another gateway; this one waits to take over")]
        public static partial void DrivenElsewhere(ILogger logger, string target);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Lost the lease on target {Target}; another gateway may take it over")]
        public static partial void LeaseLost(ILogger logger, string target);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Target {Target} failing ({Failures} in a row), next try in {Seconds:0.#} s: {Error}")]
        public static partial void TargetFailing(ILogger logger, string target, int failures, double seconds, string error);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Target {Target} answers again after {Failures} failures; re-applying everything pending")]
        public static partial void TargetRecovered(ILogger logger, string target, int failures);

        [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Reconcile of {Target}: holds {Held}, decisions want {Wanted}; queued {Missing} missing, {Stale} stale, {Renewed} renewals")]
        public static partial void Drift(ILogger logger, string target, int held, int wanted, int missing, int stale, int renewed);

        [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Worker of target {Target} failed; it starts over")]
        public static partial void WorkerFailed(ILogger logger, Exception exception, string target);

        [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Reconcile of {Target} requested; reconciling now")]
        public static partial void ReconcileRequested(ILogger logger, string target);
    }
}
