namespace FirewallGateway.Core.Storage;

/// <summary>
/// The durable per-target queue of changes. Rows are written in the same transaction as the decision change
/// (see <see cref="IDecisionWriteTransaction.EnqueueAsync"/>) and leave only when the target confirmed them.
/// </summary>
public interface IDispatchOutbox
{
    /// <summary>Up to <paramref name="max"/> rows of <paramref name="target"/> due at <paramref name="now"/>, oldest due first.</summary>
    ValueTask<IReadOnlyList<PendingChange>> TakeDueAsync(string target, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The earliest due time of the target's rows, or null when its outbox is empty.</summary>
    ValueTask<DateTimeOffset?> NextDueAsync(string target, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes confirmed rows (only when their version is unchanged), reschedules failed ones with their error,
    /// and records each address's state on the target (applied, removed, failed) for the "why blocked" view.
    /// </summary>
    ValueTask CompleteAsync(string target, IReadOnlyList<ChangeCompletion> completions, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Queues changes for one target, replacing any pending change for the same address.</summary>
    ValueTask EnqueueAsync(string target, IReadOnlyList<OutboxItem> items, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Rows waiting for the target, due or not.</summary>
    ValueTask<int> CountPendingAsync(string target, CancellationToken cancellationToken);
}
