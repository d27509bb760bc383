namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// Asks a target's worker to reconcile now instead of at its next interval: for a target known to have lost
/// its entries (a router that rebooted drops every address-list entry with a timeout).
/// </summary>
public interface ITargetReconcileTrigger
{
    /// <summary>Marks <paramref name="target"/> for a reconcile and wakes its worker; returns at once.</summary>
    void ReconcileNow(string target);
}
