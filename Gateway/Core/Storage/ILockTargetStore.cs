namespace FirewallGateway.Core.Storage;

/// <summary>Operator locks limited to some targets: a decision with no rows here goes to every target.</summary>
public interface ILockTargetStore
{
    /// <summary>Limits decision <paramref name="decisionId"/> to <paramref name="targets"/>.</summary>
    ValueTask LimitLockAsync(long decisionId, IReadOnlyCollection<string> targets, CancellationToken cancellationToken);

    /// <summary>The target limits of every active decision that has some.</summary>
    ValueTask<IReadOnlyDictionary<long, IReadOnlySet<string>>> ListLockLimitsAsync(CancellationToken cancellationToken);
}
