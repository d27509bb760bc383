using System.Collections.Concurrent;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// Pending "reconcile now" requests, one flag per target, taken by the target's worker at the top of its loop.
/// A request made while the worker is busy or backing off is kept until the worker comes round.
/// </summary>
internal sealed class ReconcileRequests : ITargetReconcileTrigger
{
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);
    private readonly IOutboxSignal _signal;

    public ReconcileRequests(IOutboxSignal signal)
    {
        _signal = signal;
    }

    public void ReconcileNow(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        _pending[target] = true;
        _signal.Notify(target);
    }

    /// <summary>True once per request: the worker then reconciles.</summary>
    public bool TryTake(string target) => _pending.TryRemove(target, out _);
}
