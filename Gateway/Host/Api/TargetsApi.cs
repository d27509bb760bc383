using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.CrowdSec;

namespace FirewallGateway.Api;

/// <summary><c>/api/v1/targets</c>: each target's state, last success, pending changes and last error; CrowdSec bouncers too.</summary>
internal static class TargetsApi
{
    public static RouteGroupBuilder MapTargetsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/targets").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/", async (ITargetStore store, ICrowdSecStore bouncers, CancellationToken cancellationToken) =>
            Results.Json<IReadOnlyList<TargetView>>(
                [.. await ListAsync(store, cancellationToken), .. await BouncerTargets.ListAsync(bouncers, cancellationToken)],
                ApiJsonContext.Default.IReadOnlyListTargetView));
        return group;
    }

    public static async Task<IReadOnlyList<TargetView>> ListAsync(ITargetStore store, CancellationToken cancellationToken) =>
        (await store.ListTargetsAsync(cancellationToken)).Select(ToView).ToList();

    private static TargetView ToView(TargetStatus t) => new(
        t.Name, t.Kind, t.Enabled, StateOf(t), t.LastSuccessAt, t.LastAttemptAt, t.LastError, t.Pending, t.Failing);

    /// <summary>"ok" when the last contact succeeded, "failing" when it did not, "unknown" before the first contact.</summary>
    public static string StateOf(TargetStatus t) =>
        !t.Enabled ? "disabled"
        : t.LastAttemptAt is null ? "unknown"
        : t.LastError is not null && (t.LastSuccessAt is null || t.LastSuccessAt < t.LastAttemptAt) ? "failing"
        : "ok";
}
