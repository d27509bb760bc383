using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>
/// One gateway's adapter for target "edge" on the <see cref="SharedFirewall"/>. When frozen, a ban batch is
/// applied and then never returns: the gateway "dies" after the firewall took the batch but before the
/// gateway recorded it, the worst moment for a takeover.
/// </summary>
internal sealed class FirewallConnection : IFirewallAdapter
{
    private readonly SharedFirewall _firewall;
    private readonly string _gateway;
    private readonly TaskCompletionSource _frozenBatchApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FirewallConnection(SharedFirewall firewall, string gateway)
    {
        _firewall = firewall;
        _gateway = gateway;
    }

    public const string Target = "edge";

    public string TargetName => Target;

    public int MaxBatchSize => 50;

    public volatile bool FreezeAfterNextBan;

    /// <summary>Completes with the batch the frozen gateway applied but never confirmed.</summary>
    public Task FrozenBatchApplied => _frozenBatchApplied.Task;

    public IReadOnlyList<BanAddress> FrozenBatch { get; private set; } = [];

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        var outcomes = batch
            .Select(e => _firewall.Ban(_gateway, e.Address, e.ExpiresAt) ? ItemOutcome.Applied : ItemOutcome.AlreadyPresent)
            .ToList();
        if (FreezeAfterNextBan)
        {
            FrozenBatch = [.. batch.Select(e => e.Address)];
            _frozenBatchApplied.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new BatchResult(outcomes);
    }

    public ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BatchResult([.. batch.Select(a => _firewall.Unban(a) ? ItemOutcome.Applied : ItemOutcome.AlreadyPresent)]));

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var (address, expires) in _firewall.Entries)
        {
            yield return new EnforcedEntry(address, expires);
        }
    }

    public ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken) => ValueTask.FromResult(TargetHealth.Ok("shared"));
}
