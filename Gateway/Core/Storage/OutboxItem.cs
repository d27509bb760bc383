using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Storage;

/// <summary>A change to queue for one target (used by the reconciler, which knows the exact target).</summary>
public sealed record OutboxItem(ChangeKind Kind, BanAddress Address, long DecisionId, DateTimeOffset ExpiresAt);
