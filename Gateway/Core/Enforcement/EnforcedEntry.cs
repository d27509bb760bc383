using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Enforcement;

/// <summary>
/// An entry a target holds that the gateway owns (adapters never list entries they did not create).
/// <paramref name="ExpiresAt"/> is the target-side expiry when it has one; the reconciler renews entries that
/// would lapse before their decision does.
/// </summary>
public readonly record struct EnforcedEntry(BanAddress Address, DateTimeOffset? ExpiresAt, long? DecisionId = null);
