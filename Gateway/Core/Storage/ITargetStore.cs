using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Storage;

/// <summary>The configured targets, their contact history, and each address's state on them.</summary>
public interface ITargetStore
{
    /// <summary>
    /// Makes the stored target list match configuration: new targets are added enabled, known ones are enabled
    /// and their kind updated, targets no longer configured are disabled (their outbox rows are kept).
    /// </summary>
    ValueTask SyncTargetsAsync(IReadOnlyList<(string Name, string Kind)> configured, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<TargetStatus>> ListTargetsAsync(CancellationToken cancellationToken);

    /// <summary>Records a contact with the target: success when <paramref name="failure"/> is null.</summary>
    ValueTask RecordContactAsync(string target, DateTimeOffset at, string? failure, CancellationToken cancellationToken);

    /// <summary>The state of an address on every target (pending and failing rows come from the outbox).</summary>
    ValueTask<IReadOnlyList<EnforcementStatus>> ListEnforcementAsync(BanAddress address, CancellationToken cancellationToken);
}
