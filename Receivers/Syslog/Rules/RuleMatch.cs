using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>One rule matching one message; <see cref="Failures"/> is non-zero when this failure completes a ban.</summary>
internal readonly record struct RuleMatch(DetectionRule Rule, BanAddress Address, string? User, int Failures)
{
    public bool Bans => Failures > 0;
}
