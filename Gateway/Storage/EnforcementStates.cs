namespace FirewallGateway.Storage;

/// <summary>The <see cref="Core.Storage.EnforcementStatus.State"/> words the stores report.</summary>
public static class EnforcementStates
{
    /// <summary>An outbox row waits for the target and has not failed yet.</summary>
    public const string Pending = "pending";

    /// <summary>The target confirmed the ban.</summary>
    public const string Applied = "applied";

    /// <summary>The target confirmed the unban.</summary>
    public const string Removed = "removed";

    /// <summary>The last attempt failed; the outbox row is retried (its error and attempts are given).</summary>
    public const string Failed = "failed";
}
