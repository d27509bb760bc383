using FirewallGateway.Api;
using FirewallGateway.Core.CrowdSec;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// Bouncers in <c>targets list</c>: a bouncer enforces the gateway's decisions like any target, but pulls them,
/// so its last pull is its last success and the changes after its cursor are its pending work.
/// </summary>
internal static class BouncerTargets
{
    public const string Kind = "crowdsec-bouncer";

    public static async Task<IReadOnlyList<TargetView>> ListAsync(ICrowdSecStore store, CancellationToken cancellationToken) =>
        (await store.ListBouncersAsync(cancellationToken))
            .Select(b => new TargetView(
                b.Name, Kind, Enabled: true, b.LastPullAt is null ? "never pulled" : "ok", b.LastPullAt, b.LastPullAt, LastError: null,
                (int)Math.Min(b.Pending, int.MaxValue), Failing: 0))
            .ToList();
}
