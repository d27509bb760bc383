using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Storage;

/// <summary>Decisions and reports: the durable record of what the gateway decided and why.</summary>
public interface IDecisionStore
{
    /// <summary>Opens a write transaction (writers are serialised by the store).</summary>
    ValueTask<IDecisionWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken);

    ValueTask<Decision?> GetDecisionAsync(long id, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Decision>> ListDecisionsAsync(DecisionQuery query, CancellationToken cancellationToken);

    /// <summary>Every active decision not yet expired at <paramref name="now"/>: what every target should hold.</summary>
    IAsyncEnumerable<Decision> ListActiveDecisionsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Number of active decisions.</summary>
    ValueTask<long> CountActiveDecisionsAsync(CancellationToken cancellationToken);

    /// <summary>The reports for an address or block, newest first.</summary>
    ValueTask<IReadOnlyList<StoredReport>> ListReportsAsync(BanAddress address, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Marks up to <paramref name="max"/> active decisions whose expiry is at or before <paramref name="now"/> as
    /// expired and queues an unban for every enabled target, in one transaction; returns them.
    /// </summary>
    ValueTask<IReadOnlyList<Decision>> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The earliest expiry among active decisions, or null when there are none.</summary>
    ValueTask<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken);
}
