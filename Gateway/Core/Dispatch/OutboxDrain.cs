using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Dispatch;

/// <summary>The outcome of one drain round for one target.</summary>
/// <param name="Taken">Rows taken from the outbox.</param>
/// <param name="Confirmed">Rows the target confirmed (they left the outbox).</param>
/// <param name="Failed">Rows the target refused or could not take (rescheduled, never dropped).</param>
/// <param name="TransportError">Set when the target could not be reached at all: the worker backs off.</param>
internal readonly record struct DrainResult(int Taken, int Confirmed, int Failed, string? TransportError);

/// <summary>
/// One round for one target: take due rows, send bans then unbans in adapter-sized batches, and record per row
/// what the target said. A row leaves the outbox only when the target confirmed it; everything else is
/// rescheduled by <see cref="RetrySchedule"/> with its error, so nothing is lost while a target is down.
/// </summary>
internal sealed class OutboxDrain
{
    private readonly IDispatchOutbox _outbox;
    private readonly ITargetStore _targets;
    private readonly RetrySchedule _retry;
    private readonly DispatchMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _takeMax;
    private readonly TimeSpan _callTimeout;
    private readonly TargetDeliveryFilter _delivery;

    public OutboxDrain(
        IDispatchOutbox outbox,
        ITargetStore targets,
        RetrySchedule retry,
        DispatchMetrics metrics,
        TimeProvider time,
        int takeMax,
        TimeSpan callTimeout,
        ITargetDeliveryPolicy? delivery = null,
        QueuedFolds? folds = null)
    {
        _delivery = new TargetDeliveryFilter(delivery, outbox, callTimeout, time, folds);
        _outbox = outbox;
        _targets = targets;
        _retry = retry;
        _metrics = metrics;
        _time = time;
        _takeMax = takeMax;
        _callTimeout = callTimeout;
    }

    /// <summary>
    /// Rows taken per round for <paramref name="adapter"/>: the configured size, but never less than one full
    /// adapter batch, so a target that takes 5,000 per call (nftables) is not fed in 1,000-row rounds, each
    /// paying its own outbox transaction and process start.
    /// </summary>
    public int TakeFor(IFirewallAdapter adapter) => Math.Max(_takeMax, adapter.MaxBatchSize);

    /// <summary>
    /// Takes rows due by <paramref name="dueBy"/>; after a recovery the worker passes a far-future instant so
    /// rows waiting out their backoff are re-applied at once.
    /// </summary>
    public async Task<DrainResult> DrainOnceAsync(IFirewallAdapter adapter, DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        var rows = await _outbox.TakeDueAsync(adapter.TargetName, dueBy, TakeFor(adapter), cancellationToken);
        if (rows.Count == 0)
        {
            await _delivery.RefoldIfStaleAsync(adapter.TargetName, _time.GetUtcNow(), cancellationToken);
            return default;
        }

        var completions = new List<ChangeCompletion>(rows.Count);
        string? transportError = null;
        var now = _time.GetUtcNow();

        // Bans first: when a target is slow, blocking an attacker matters more than lifting an old block.
        var bans = rows.Where(r => r.Kind == ChangeKind.Ban).ToList();
        var unbans = rows.Where(r => r.Kind == ChangeKind.Unban).ToList();
        try
        {
            // A server that is also a target may take less: withheld bans leave the outbox unsent, and a capped
            // target loses its evicted entries before it gets new ones.
            bans = await _delivery.ApplyAsync(adapter, bans, completions, now, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            transportError = $"no answer within {_callTimeout.TotalSeconds:0.###} s";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            transportError = ex.Message;
        }

        int withheld = completions.Count; // never sent, so not counted as target changes
        foreach (var chunk in Chunks(bans, adapter.MaxBatchSize).Concat(Chunks(unbans, adapter.MaxBatchSize)))
        {
            if (transportError is not null)
            {
                // The target is unreachable: the rest are left untouched (not attempted, so not counted as tries).
                break;
            }

            try
            {
                var result = await CallAsync(adapter, chunk, cancellationToken);
                if (result.Items.Count != chunk.Count)
                {
                    throw new InvalidOperationException($"adapter answered {result.Items.Count} outcomes for {chunk.Count} items");
                }

                for (int i = 0; i < chunk.Count; i++)
                {
                    var outcome = result.Items[i];
                    completions.Add(outcome.IsConfirmed
                        ? new ChangeCompletion(chunk[i], Confirmed: true)
                        : Failure(chunk[i], outcome.Why ?? "refused by the target", outcome.Retryable, now));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                transportError = $"no answer within {_callTimeout.TotalSeconds:0.###} s";
                completions.AddRange(chunk.Select(row => Failure(row, transportError, retryable: true, now)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Adapters throw only when the transport failed; the message is what the operator sees.
                transportError = ex.Message;
                completions.AddRange(chunk.Select(row => Failure(row, ex.Message, retryable: true, now)));
            }
        }

        await _outbox.CompleteAsync(adapter.TargetName, completions, _time.GetUtcNow(), cancellationToken);
        await _targets.RecordContactAsync(adapter.TargetName, _time.GetUtcNow(), transportError, cancellationToken);

        int confirmed = completions.Count(c => c.Confirmed);
        RecordMetrics(adapter.TargetName, completions.GetRange(withheld, completions.Count - withheld));
        if (transportError is not null)
        {
            _metrics.TransportFailure(adapter.TargetName);
        }

        return new DrainResult(rows.Count, confirmed, completions.Count - confirmed, transportError);
    }

    private async Task<BatchResult> CallAsync(IFirewallAdapter adapter, List<PendingChange> chunk, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_callTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        if (chunk[0].Kind == ChangeKind.Ban)
        {
            var entries = chunk.Select(r => new BanEntry(r.Address, r.DecisionId, r.ExpiresAt)).ToList();
            return await adapter.BanAsync(entries, linked.Token);
        }

        var addresses = chunk.Select(r => r.Address).ToList();
        return await adapter.UnbanAsync(addresses, linked.Token);
    }

    private ChangeCompletion Failure(PendingChange row, string why, bool retryable, DateTimeOffset now)
    {
        // A refusal the target calls permanent is still kept (an operator may fix the target), but retried
        // only at the slowest pace.
        var delay = retryable ? _retry.DelayFor(row.Attempts + 1) : _retry.DelayFor(int.MaxValue);
        return new ChangeCompletion(row, Confirmed: false, RetryAt: now + delay, Error: why);
    }

    private void RecordMetrics(string target, List<ChangeCompletion> completions)
    {
        foreach (var group in completions.GroupBy(c => (c.Change.Kind, c.Confirmed)))
        {
            _metrics.Changes(
                target,
                group.Key.Kind == ChangeKind.Ban ? "ban" : "unban",
                group.Key.Confirmed ? "confirmed" : "failed",
                group.Count());
        }
    }

    private static IEnumerable<List<PendingChange>> Chunks(List<PendingChange> rows, int size)
    {
        int step = Math.Max(1, size);
        for (int i = 0; i < rows.Count; i += step)
        {
            yield return rows.GetRange(i, Math.Min(step, rows.Count - i));
        }
    }
}
