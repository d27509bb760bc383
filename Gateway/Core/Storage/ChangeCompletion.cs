namespace FirewallGateway.Core.Storage;

/// <summary>
/// The dispatcher's verdict on one taken change: confirmed by the target (the row leaves the outbox), or
/// failed and due again at <see cref="RetryAt"/> (the row stays; nothing is ever dropped).
/// </summary>
public sealed record ChangeCompletion(PendingChange Change, bool Confirmed, DateTimeOffset? RetryAt = null, string? Error = null);
