namespace FirewallGateway.Core.Storage;

/// <summary>What the store knows about a target: when it last answered, its last error, what waits for it.</summary>
public sealed record TargetStatus(
    string Name,
    string Kind,
    bool Enabled,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    int Pending,
    int Failing);
