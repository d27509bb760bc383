namespace FirewallGateway.Core.Storage;

/// <summary>
/// Keeps the decision change log (behind the fleet stream and the CrowdSec bouncer stream) bounded. Each run notes
/// the newest sequence with its time, then deletes the rows written before the newest note older than the
/// retention window. A consumer that pulled within the window is past those rows already (its pull moved its
/// cursor to the newest sequence); one that did not is re-synced on its next pull (fleet: a snapshot; CrowdSec:
/// every active decision in <c>new</c> and what ended since its last pull in <c>deleted</c>).
/// </summary>
public interface IChangeLogPruning
{
    /// <summary>One pruning run at <paramref name="now"/>; the newest change row is always kept (it carries the stream's position).</summary>
    ValueTask<ChangeLogPruneResult> PruneChangeLogAsync(DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken);
}

/// <summary>What a pruning run deleted, the highest sequence pruned so far, and the change rows left.</summary>
public sealed record ChangeLogPruneResult(long Deleted, long PrunedThrough, long Remaining);
