namespace FirewallGateway.Core.Storage;

/// <summary>
/// Wakes target workers when new outbox rows were committed, so dispatch does not wait for a poll. In one
/// process it is an in-memory signal; with PostgreSQL it is also fed by LISTEN/NOTIFY from other gateways.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Wakes the worker of <paramref name="target"/>, or every worker when it is null.</summary>
    void Notify(string? target);

    /// <summary>Completes when the target is notified or <paramref name="timeout"/> passes (by the injected clock).</summary>
    Task WaitAsync(string target, TimeSpan timeout, CancellationToken cancellationToken);
}
