using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Storage;

/// <summary>
/// One outbox row: the change a target still has to confirm. There is at most one row per (target, address);
/// a newer change replaces an older one and bumps <see cref="Version"/>, so a completion for the old version
/// cannot delete the new change.
/// </summary>
public sealed record PendingChange(
    long Id,
    string Target,
    ChangeKind Kind,
    BanAddress Address,
    long DecisionId,
    DateTimeOffset ExpiresAt,
    int Attempts,
    DateTimeOffset DueAt,
    long Version,
    string? LastError);
