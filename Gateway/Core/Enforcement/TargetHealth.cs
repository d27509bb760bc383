namespace FirewallGateway.Core.Enforcement;

/// <summary>
/// The answer of a connection check: each step that succeeded, and the error text of the first that did not.
/// </summary>
/// <param name="Reachable">The transport connected (TCP, TLS, SSH).</param>
/// <param name="Authenticated">The target accepted the gateway's credentials.</param>
/// <param name="Ready">The list, set or jail the gateway writes to exists and can be read.</param>
/// <param name="Detail">A human sentence: what was checked, or what failed.</param>
public sealed record TargetHealth(bool Reachable, bool Authenticated, bool Ready, string Detail)
{
    public bool Healthy => Reachable && Authenticated && Ready;

    public static TargetHealth Unreachable(string detail) => new(false, false, false, detail);

    public static TargetHealth Ok(string detail) => new(true, true, true, detail);
}
