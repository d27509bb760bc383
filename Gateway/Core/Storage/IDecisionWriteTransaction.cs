using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Storage;

/// <summary>
/// One write transaction: the decision service merges a batch of reports in it (group commit), so every
/// report, decision change and outbox row of the batch becomes durable at once in <see cref="CommitAsync"/>.
/// Disposing without committing rolls everything back.
/// </summary>
public interface IDecisionWriteTransaction : IAsyncDisposable
{
    /// <summary>The active decision for exactly this address or block, if any.</summary>
    ValueTask<Decision?> FindActiveDecisionAsync(BanAddress address, CancellationToken cancellationToken);

    /// <summary>How many decisions (any state) this address had that started at or after <paramref name="since"/>: the escalation input.</summary>
    ValueTask<int> CountDecisionsSinceAsync(BanAddress address, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>True when a report with this deduplication key is already stored.</summary>
    ValueTask<bool> ReportKeyExistsAsync(string deduplicationKey, CancellationToken cancellationToken);

    /// <summary>Inserts a new decision (its <see cref="Decision.Id"/> is ignored) and returns it with its id.</summary>
    ValueTask<Decision> InsertDecisionAsync(Decision decision, CancellationToken cancellationToken);

    /// <summary>Writes last seen, expiry, report count, reason and state of an existing decision.</summary>
    ValueTask UpdateDecisionAsync(Decision decision, CancellationToken cancellationToken);

    /// <summary>Stores a report with its provenance, the decision it fed (if any) and the outcome code.</summary>
    ValueTask InsertReportAsync(BanReport report, long? decisionId, string outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Queues the change for every enabled target (or only <paramref name="targets"/>), replacing any pending
    /// change for the same (target, address).
    /// </summary>
    ValueTask EnqueueAsync(ChangeKind kind, Decision decision, DateTimeOffset now, IReadOnlyCollection<string>? targets, CancellationToken cancellationToken);

    /// <summary>Makes everything written in this transaction durable.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}
