using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Dispatch;

/// <summary>One gateway on its own store drives every target: every lease is granted and never lost.</summary>
internal sealed class LocalTargetLeases : ITargetLeases
{
    public ValueTask<ITargetLease?> TryAcquireAsync(string target, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ITargetLease?>(Lease.Instance);

    private sealed class Lease : ITargetLease
    {
        public static readonly Lease Instance = new();

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
