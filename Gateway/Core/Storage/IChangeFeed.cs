using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Storage;

/// <summary>
/// The pull stream for other firewalls: a named consumer first gets a full snapshot of the active decisions,
/// then only the changes after its own cursor. Each consumer has its own cursor, so one consumer reading
/// never takes changes away from another.
/// </summary>
public interface IChangeFeed
{
    /// <summary>
    /// The next batch for <paramref name="consumer"/>: a snapshot when it has no cursor yet (or
    /// <paramref name="restart"/>), else up to <paramref name="max"/> changes after its cursor. The consumer's
    /// cursor moves to the returned <see cref="StreamBatch.Cursor"/> in the same call.
    /// </summary>
    ValueTask<StreamBatch> PullAsync(string consumer, bool restart, int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every consumer with its cursor.</summary>
    ValueTask<IReadOnlyList<StreamConsumer>> ListConsumersAsync(CancellationToken cancellationToken);
}

/// <summary>One answer of the stream; <see cref="More"/> says changes are waiting beyond this batch.</summary>
public sealed record StreamBatch(bool Snapshot, long Cursor, IReadOnlyList<StreamChange> Changes, bool More);

/// <summary>An address that became blocked ("add") or unblocked ("remove"); a snapshot holds only adds.</summary>
public sealed record StreamChange(long Sequence, string Op, BanAddress Address, DateTimeOffset ExpiresAt);

/// <summary>A stream consumer and the last change sequence it was given.</summary>
public sealed record StreamConsumer(string Name, long Cursor, DateTimeOffset UpdatedAt);
