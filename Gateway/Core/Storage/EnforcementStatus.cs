namespace FirewallGateway.Core.Storage;

/// <summary>The state of one address on one target: pending, applied, failed (with the error) or removed.</summary>
public sealed record EnforcementStatus(string Target, string State, string? Error, DateTimeOffset UpdatedAt, int Attempts);
