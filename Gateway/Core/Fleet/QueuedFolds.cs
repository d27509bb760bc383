using System.Collections.Concurrent;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// The covering ranges this gateway last queued for each folding target, so a drain round queues only what changed:
/// a new range (ban it, then unban its members, which the target may hold singly from before), a range whose latest
/// member's expiry moved on (ban it again with the later expiry), and a range that no longer folds (ban the members
/// the target still wants, then unban the range). Bans come due before unbans, so no member is uncovered in between.
/// Ranges are no decision's, so they go through the same outbox (decision id 0) and are retried like any change
/// while a target is down; reconcile, which every worker runs first, compares the target itself and resets this.
/// </summary>
internal sealed class QueuedFolds
{
    // A range's expiry is queued again only when its latest member outlasts it by more than this, so a prefix
    // under attack does not re-send its range for every report (the reconciler renews with the same tolerance).
    private static readonly TimeSpan ExtendTolerance = TimeSpan.FromMinutes(1);

    // Unbans come due this long after the bans queued with them: the outbox hands out rows by due time.
    private static readonly TimeSpan UnbansAfter = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<string, Queued> _queued = new(StringComparer.Ordinal);
    private readonly IDispatchOutbox _outbox;
    private readonly IOutboxSignal _signal;
    private readonly AddressFilter _filter;
    private readonly RangeFolding _folding;

    public QueuedFolds(IDispatchOutbox outbox, IOutboxSignal signal, AddressFilter filter, RangeFolding folding)
    {
        _outbox = outbox;
        _signal = signal;
        _filter = filter;
        _folding = folding;
    }

    public bool Folds(string target) => _folding.Folds(target);

    /// <summary>
    /// True when the allow-list or the protected set changed since the target's ranges were queued: a range may
    /// now cover an address it must not, even though no decision changed.
    /// </summary>
    public bool Stale(string target) => _queued.TryGetValue(target, out var queued) && queued.FilterVersion != _filter.Version;

    /// <summary>Records <paramref name="view"/> as what the target is being made to hold (reconcile queued the difference itself).</summary>
    public void Reset(string target, FoldView? view)
    {
        if (view is null)
        {
            _queued.TryRemove(target, out _);
            return;
        }

        _queued[target] = new Queued(view.Ranges.ToDictionary(p => p.Key, p => p.Value.Until), _filter.Version);
    }

    /// <summary>Queues what moves the target from the ranges last queued to those of <paramref name="delivery"/>.</summary>
    public async Task QueueChangesAsync(string target, TargetDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (delivery.Folds is not { } view)
        {
            return;
        }

        long filterVersion = _filter.Version;
        var before = _queued.TryGetValue(target, out var queued) ? queued.Ranges : new Dictionary<BanAddress, DateTimeOffset>();
        var bans = new List<OutboxItem>();
        var unbans = new List<OutboxItem>();
        var after = new Dictionary<BanAddress, DateTimeOffset>(view.Ranges.Count);
        foreach (var range in view.Ranges.Values)
        {
            bool known = before.TryGetValue(range.Range, out var queuedUntil);
            if (known && range.Until <= queuedUntil + ExtendTolerance)
            {
                after[range.Range] = queuedUntil;
                continue;
            }

            bans.Add(new OutboxItem(ChangeKind.Ban, range.Range, 0, range.Until));
            after[range.Range] = range.Until;
            if (!known)
            {
                unbans.AddRange(range.Members.Select(m => new OutboxItem(ChangeKind.Unban, m, 0, now)));
            }
        }

        var gone = before.Keys.Where(r => !view.Ranges.ContainsKey(r)).ToHashSet();
        if (gone.Count > 0)
        {
            unbans.AddRange(gone.Select(r => new OutboxItem(ChangeKind.Unban, r, 0, now)));
            foreach (var (decision, until) in view.Entries)
            {
                if (view.PrefixOf(decision.Address) is { } prefix && gone.Contains(prefix))
                {
                    bans.Add(new OutboxItem(ChangeKind.Ban, decision.Address, decision.Id, until));
                }
            }
        }

        await _outbox.EnqueueAsync(target, bans, now, cancellationToken);
        await _outbox.EnqueueAsync(target, unbans, now + UnbansAfter, cancellationToken);
        _queued[target] = new Queued(after, filterVersion);
        if (bans.Count + unbans.Count > 0)
        {
            _signal.Notify(target);
        }
    }

    private sealed record Queued(IReadOnlyDictionary<BanAddress, DateTimeOffset> Ranges, long FilterVersion);
}
