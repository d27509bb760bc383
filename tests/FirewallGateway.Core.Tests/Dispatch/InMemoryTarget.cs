using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Core.Tests.Dispatch;

/// <summary>
/// A target held in memory, for testing the dispatcher's own logic (retries, ordering, reconcile). The real
/// targets (nftables, RouterOS, fail2ban over SSH) have their own tests against real parts.
/// </summary>
internal sealed class InMemoryTarget : IFirewallAdapter
{
    private readonly ConcurrentDictionary<BanAddress, EnforcedEntry> _entries = new();

    public InMemoryTarget(string name, int maxBatchSize = 100)
    {
        TargetName = name;
        MaxBatchSize = maxBatchSize;
    }

    public string TargetName { get; }

    public int MaxBatchSize { get; }

    /// <summary>Every call throws as an unreachable target would.</summary>
    public volatile bool Down;

    /// <summary>Every call waits until cancelled, as a target that stopped answering would.</summary>
    public volatile bool Hangs;

    /// <summary>Addresses the target refuses (per item, not the whole batch).</summary>
    public ConcurrentDictionary<BanAddress, bool> Refused { get; } = new();

    /// <summary>Entries the target-side clock gives at most this long (like a RouterOS timeout clamp).</summary>
    public TimeSpan? MaxTimeout { get; set; }

    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

    public int BanCalls;

    public int UnbanCalls;

    public IReadOnlyCollection<BanAddress> Held => _entries.Keys.ToList();

    public EnforcedEntry? Entry(BanAddress address) => _entries.TryGetValue(address, out var e) ? e : null;

    /// <summary>Puts an entry there behind the gateway's back (as a reboot or a manual edit would).</summary>
    public void Put(EnforcedEntry entry) => _entries[entry.Address] = entry;

    public void Flush() => _entries.Clear();

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref BanCalls);
        await FailIfBrokenAsync(cancellationToken);
        var outcomes = new ItemOutcome[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            if (Refused.ContainsKey(entry.Address))
            {
                outcomes[i] = ItemOutcome.Failed("refused: bad value");
                continue;
            }

            var expires = MaxTimeout is { } max && entry.ExpiresAt - Now > max ? Now + max : entry.ExpiresAt;
            bool existed = _entries.ContainsKey(entry.Address);
            _entries[entry.Address] = new EnforcedEntry(entry.Address, expires, entry.DecisionId);
            outcomes[i] = existed ? ItemOutcome.AlreadyPresent : ItemOutcome.Applied;
        }

        return new BatchResult(outcomes);
    }

    public async ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref UnbanCalls);
        await FailIfBrokenAsync(cancellationToken);
        return new BatchResult(batch.Select(a => _entries.TryRemove(a, out _) ? ItemOutcome.Applied : ItemOutcome.AlreadyPresent).ToList());
    }

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await FailIfBrokenAsync(cancellationToken);
        foreach (var entry in _entries.Values)
        {
            yield return entry;
        }
    }

    public ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Down ? TargetHealth.Unreachable("down") : TargetHealth.Ok("ok"));

    private async Task FailIfBrokenAsync(CancellationToken cancellationToken)
    {
        if (Hangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Down)
        {
            throw new IOException($"connection to {TargetName} refused");
        }
    }
}
