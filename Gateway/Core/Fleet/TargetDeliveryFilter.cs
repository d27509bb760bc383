using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// Applies <see cref="ITargetDeliveryPolicy"/> to one drain round: bans the target should not hold leave the
/// outbox unsent (recorded as not on the target), kept bans carry the target's own expiry, and a capped target
/// first loses the entries that fell out of its list, so it never holds more than its maximum. On a folding target
/// every round also queues the covering ranges that changed (<see cref="QueuedFolds"/>).
/// </summary>
internal sealed class TargetDeliveryFilter
{
    private readonly ITargetDeliveryPolicy? _policy;
    private readonly IDispatchOutbox _outbox;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;
    private readonly QueuedFolds? _folds;

    public TargetDeliveryFilter(ITargetDeliveryPolicy? policy, IDispatchOutbox outbox, TimeSpan callTimeout, TimeProvider time, QueuedFolds? folds = null)
    {
        _folds = folds;
        _policy = policy;
        _outbox = outbox;
        _callTimeout = callTimeout;
        _time = time;
    }

    /// <summary>The bans to send; withheld ones are added to <paramref name="completions"/> as done.</summary>
    public async Task<List<PendingChange>> ApplyAsync(
        IFirewallAdapter adapter, List<PendingChange> bans, List<ChangeCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A folding target looks at every round, unbans too: an expired member can end a fold.
        bool folds = _folds?.Folds(adapter.TargetName) == true;
        if (_policy is null || (bans.Count == 0 && !folds))
        {
            return bans;
        }

        var delivery = await _policy.ForTargetAsync(adapter.TargetName, now, cancellationToken);
        if (delivery is null)
        {
            return bans;
        }

        if (folds)
        {
            await _folds!.QueueChangesAsync(adapter.TargetName, delivery, now, cancellationToken);
        }

        var send = new List<PendingChange>(bans.Count);
        foreach (var row in bans)
        {
            if (delivery.Wanted.TryGetValue(row.Address, out var until))
            {
                send.Add(row with { ExpiresAt = until });
            }
            else
            {
                // Confirmed as an unban: the row leaves the outbox and the address is recorded as not on the target.
                completions.Add(new ChangeCompletion(row with { Kind = ChangeKind.Unban }, Confirmed: true));
            }
        }

        if (delivery.Capped && send.Count > 0)
        {
            await EvictAsync(adapter, delivery, now, cancellationToken);
        }

        return send;
    }

    /// <summary>
    /// For a round that found no rows: when the allow-list or the protected set changed since the target's ranges
    /// were queued, fold again, so a range never goes on covering a newly allow-listed address.
    /// </summary>
    public async Task RefoldIfStaleAsync(string target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_policy is null || _folds is null || !_folds.Stale(target))
        {
            return;
        }

        if (await _policy.ForTargetAsync(target, now, cancellationToken) is { } delivery)
        {
            await _folds.QueueChangesAsync(target, delivery, now, cancellationToken);
        }
    }

    private async Task EvictAsync(IFirewallAdapter adapter, TargetDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_callTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var evict = new List<BanAddress>();
        await foreach (var entry in adapter.ListAsync(linked.Token))
        {
            if (!delivery.Wanted.ContainsKey(entry.Address))
            {
                evict.Add(entry.Address);
            }
        }

        if (evict.Count == 0)
        {
            return;
        }

        foreach (var chunk in evict.Chunk(Math.Max(1, adapter.MaxBatchSize)))
        {
            var result = await adapter.UnbanAsync(chunk, linked.Token);
            if (result.Items.Any(i => !i.IsConfirmed))
            {
                throw new InvalidOperationException(
                    $"removing entries over the cap of {delivery.Server} failed: {result.Items.First(i => !i.IsConfirmed).Why}");
            }
        }

        // Queued as well, so the next round records them as removed (a repeat unban is confirmed as already absent).
        await _outbox.EnqueueAsync(adapter.TargetName, evict.Select(a => new OutboxItem(ChangeKind.Unban, a, 0, now)).ToList(), now, cancellationToken);
    }
}
