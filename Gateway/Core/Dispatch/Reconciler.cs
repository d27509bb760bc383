using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Dispatch;

/// <summary>What one reconcile found and queued.</summary>
internal readonly record struct ReconcileResult(int Held, int Wanted, int Missing, int Stale, int Renewed);

/// <summary>
/// Compares what a target holds (only the gateway's own entries: adapters never list others) with what the
/// decisions want, and queues the difference in that target's outbox: missing bans, unbans for entries no
/// decision wants any more, and renewals of entries whose target-side timeout ends too early. The queued rows
/// go through the normal, retried dispatch path.
/// </summary>
internal sealed class Reconciler
{
    private static readonly TimeSpan RenewTolerance = TimeSpan.FromMinutes(1);

    private readonly IDecisionStore _decisions;
    private readonly IDispatchOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly TimeSpan _renewWithin;
    private readonly ITargetDeliveryPolicy? _delivery;
    private readonly QueuedFolds? _folds;

    public Reconciler(
        IDecisionStore decisions, IDispatchOutbox outbox, TimeProvider time, TimeSpan renewWithin, ITargetDeliveryPolicy? delivery = null, QueuedFolds? folds = null)
    {
        _folds = folds;
        _decisions = decisions;
        _outbox = outbox;
        _time = time;
        _renewWithin = renewWithin;
        _delivery = delivery;
    }

    /// <summary>Queues the difference between <paramref name="held"/> (the target's listing, read by the caller under its call timeout) and the decisions.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string target, IReadOnlyList<EnforcedEntry> held, CancellationToken cancellationToken)
    {
        // The listing is read BEFORE the decisions: an entry applied after the listing belongs to a decision that
        // the later read sees, so it can only show up as "missing" (a harmless repeat), never as "stale".
        var now = _time.GetUtcNow();
        var onTarget = new Dictionary<BanAddress, EnforcedEntry>(held.Count);
        foreach (var entry in held)
        {
            onTarget[entry.Address] = entry;
        }

        // A registered server that is also a target may want less (report-only, capped, group, shorter bans).
        var delivery = _delivery is null ? null : await _delivery.ForTargetAsync(target, now, cancellationToken);
        var queue = new List<OutboxItem>();
        int wanted = 0, missing = 0, renewed = 0;
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(now, cancellationToken))
        {
            var until = decision.ExpiresAt;
            if (delivery is not null && !delivery.Wanted.TryGetValue(decision.Address, out until))
            {
                continue;
            }

            wanted++;
            if (!onTarget.Remove(decision.Address, out var entry))
            {
                missing++;
                queue.Add(new OutboxItem(ChangeKind.Ban, decision.Address, decision.Id, until));
            }
            else if (NeedsRenewal(entry, until, now))
            {
                renewed++;
                queue.Add(new OutboxItem(ChangeKind.Ban, decision.Address, decision.Id, until));
            }
        }

        // A folding target's covering ranges belong to no decision: they are wanted entries of their own.
        foreach (var range in delivery?.Folds?.Ranges.Values ?? [])
        {
            wanted++;
            if (!onTarget.Remove(range.Range, out var entry))
            {
                missing++;
                queue.Add(new OutboxItem(ChangeKind.Ban, range.Range, 0, range.Until));
            }
            else if (NeedsRenewal(entry, range.Until, now))
            {
                renewed++;
                queue.Add(new OutboxItem(ChangeKind.Ban, range.Range, 0, range.Until));
            }
        }

        // What is left is held by the target, owned by the gateway, and wanted by no decision.
        foreach (var entry in onTarget.Values)
        {
            queue.Add(new OutboxItem(ChangeKind.Unban, entry.Address, entry.DecisionId ?? 0, now));
        }

        await _outbox.EnqueueAsync(target, queue, now, cancellationToken);
        _folds?.Reset(target, delivery?.Folds);
        return new ReconcileResult(held.Count, wanted, missing, onTarget.Count, renewed);
    }

    private bool NeedsRenewal(EnforcedEntry entry, DateTimeOffset decisionExpiry, DateTimeOffset now) =>
        entry.ExpiresAt is { } targetExpiry
        && targetExpiry < decisionExpiry - RenewTolerance
        && targetExpiry - now < _renewWithin;
}
