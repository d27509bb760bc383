using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Enforcement;

/// <summary>
/// One enforcing target. Adapters are idempotent (already present = success), report per-item outcomes and
/// throw only when the transport fails; the dispatcher owns retries, backoff and ordering. Calls for one
/// target never overlap: the dispatcher has one worker per target.
/// </summary>
public interface IFirewallAdapter
{
    /// <summary>The configured target name (the key under <c>Targets:</c>).</summary>
    string TargetName { get; }

    /// <summary>Batches larger than this are split by the dispatcher.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Blocks every entry until its expiry (clamped to what the target can hold). An entry already present
    /// is confirmed, and its target-side expiry is extended when it would lapse before <see cref="BanEntry.ExpiresAt"/>.
    /// </summary>
    ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken);

    /// <summary>Removes the gateway's entries for these addresses; an absent entry is confirmed.</summary>
    ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken);

    /// <summary>Every entry the gateway owns on the target now.</summary>
    IAsyncEnumerable<EnforcedEntry> ListAsync(CancellationToken cancellationToken);

    /// <summary>Checks reachability, authentication and the list/set/jail; never throws.</summary>
    ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken);
}
