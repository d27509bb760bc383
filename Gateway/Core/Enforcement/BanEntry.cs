using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Enforcement;

/// <summary>One address a target must block until <paramref name="ExpiresAt"/>, on behalf of decision <paramref name="DecisionId"/>.</summary>
public readonly record struct BanEntry(BanAddress Address, long DecisionId, DateTimeOffset ExpiresAt);
