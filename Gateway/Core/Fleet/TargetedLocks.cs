using System.Collections.Concurrent;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// Operator locks on chosen targets. The decision is queued for every target in the same transaction that
/// creates it, so the limit is known by address while the lock is being made (the dispatcher consults it) and
/// stored against the decision afterwards: no other target can get the ban in between.
/// </summary>
public sealed class TargetedLocks
{
    private readonly ConcurrentDictionary<BanAddress, IReadOnlySet<string>> _inFlight = new();
    private readonly OperatorActions _actions;
    private readonly ILockTargetStore _store;
    private readonly IOutboxSignal _signal;

    public TargetedLocks(OperatorActions actions, ILockTargetStore store, IOutboxSignal signal)
    {
        _actions = actions;
        _store = store;
        _signal = signal;
    }

    /// <summary>Bans <paramref name="address"/> on <paramref name="targets"/> only (all when empty).</summary>
    public async ValueTask<ReportOutcome> LockAsync(
        BanAddress address, TimeSpan? duration, string reason, string operatorName, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            return await _actions.BanAsync(address, duration, reason, operatorName, cancellationToken);
        }

        _inFlight[address] = targets.ToHashSet(StringComparer.Ordinal);
        try
        {
            var outcome = await _actions.BanAsync(address, duration, reason, operatorName, cancellationToken);
            if (outcome is ReportOutcome.Accepted { Created: true } accepted)
            {
                await _store.LimitLockAsync(accepted.Decision.Id, targets, cancellationToken);
            }

            return outcome;
        }
        finally
        {
            _inFlight.TryRemove(address, out _);
            _signal.Notify(null);
        }
    }

    /// <summary>
    /// The locks being made right now and their targets. Take it BEFORE reading the stored limits: a lock that
    /// leaves this list has stored its limit first, so it is in one or the other.
    /// </summary>
    internal Dictionary<BanAddress, IReadOnlySet<string>> InFlight() => _inFlight.ToArray().ToDictionary(p => p.Key, p => p.Value);
}
