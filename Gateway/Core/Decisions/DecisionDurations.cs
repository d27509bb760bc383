using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Decisions;

/// <summary>Ban length arithmetic: the reporter's request or the default, escalated for repeat offenders, clamped.</summary>
internal static class DecisionDurations
{
    /// <summary>The length of a new decision after <paramref name="earlierDecisions"/> earlier ones in the escalation window.</summary>
    public static TimeSpan ForNewDecision(PolicyOptions policy, TimeSpan? requested, int earlierDecisions)
    {
        double baseTicks = Clamp(policy, requested ?? policy.DefaultBanDuration).Ticks;
        double escalated = baseTicks * Math.Pow(policy.EscalationFactor, Math.Min(earlierDecisions, 64));
        return escalated >= policy.MaximumBanDuration.Ticks ? policy.MaximumBanDuration : TimeSpan.FromTicks((long)escalated);
    }

    /// <summary>A reporter's request (or the default) within the policy's minimum and maximum.</summary>
    public static TimeSpan Clamp(PolicyOptions policy, TimeSpan duration) =>
        duration < policy.MinimumBanDuration ? policy.MinimumBanDuration
        : duration > policy.MaximumBanDuration ? policy.MaximumBanDuration
        : duration;
}
