using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// Decides what one target should hold when that is less than "every active decision": a registered server
/// that is also a target may be report-only, capped, scoped to its group or keep bans shorter.
/// </summary>
public interface ITargetDeliveryPolicy
{
    /// <summary>Null when the target takes every active decision as decided; otherwise exactly what it should hold.</summary>
    ValueTask<TargetDelivery?> ForTargetAsync(string target, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// What a target should hold: each wanted address with its expiry on that target. <see cref="Capped"/> is set
/// when a cap cut the list, so the dispatcher removes evicted entries before it adds new ones. On a folding target
/// <see cref="Folds"/> names the covering ranges among <see cref="Wanted"/> (entries with no decision of their own).
/// </summary>
public sealed record TargetDelivery(string Server, IReadOnlyDictionary<BanAddress, DateTimeOffset> Wanted, bool Capped, string WithheldWhy)
{
    /// <summary>The covering ranges the target holds (Policy:RangeFolding); null when the target does not fold.</summary>
    public FoldView? Folds { get; init; }
}
