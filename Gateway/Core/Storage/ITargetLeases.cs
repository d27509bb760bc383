namespace FirewallGateway.Core.Storage;

/// <summary>
/// Decides which gateway drives a target, so two gateways sharing one store never push the same outbox at
/// once. A single gateway always holds every lease; with PostgreSQL a lease is an advisory lock per target,
/// freed by the database when its holder's session dies, so another gateway takes the target over.
/// </summary>
public interface ITargetLeases
{
    /// <summary>The lease on <paramref name="target"/>, or null when another gateway holds it now.</summary>
    ValueTask<ITargetLease?> TryAcquireAsync(string target, CancellationToken cancellationToken);
}

/// <summary>A held lease; disposing releases it.</summary>
public interface ITargetLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lease is lost (the session that held the lock broke): stop driving the target.</summary>
    CancellationToken Lost { get; }
}
