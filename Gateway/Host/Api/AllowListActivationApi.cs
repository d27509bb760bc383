using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Security;
using FirewallGateway.Web;

namespace FirewallGateway.Api;

/// <summary>
/// <c>PATCH /api/v1/allowlist/{id}</c> <c>{"active": true|false}</c>: switch an operator entry on (the active
/// decisions it covers are lifted and listed) or off, keeping its id and comment. Operators only.
/// </summary>
internal static class AllowListActivationApi
{
    public static IEndpointConventionBuilder MapAllowListActivationApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPatch("/api/v1/allowlist/{id:long}", SetActiveAsync).RequireAuthorization(GatewayRoles.OperatorPolicy);

    private static async Task<IResult> SetActiveAsync(long id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, DashboardJsonContext.Default.AllowListActiveRequest);
        if (error is not null)
        {
            return error;
        }

        if (request!.Active is not { } active)
        {
            return ApiResults.BadRequest("active", "is required: true or false");
        }

        if (id < 0)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "configured-entry", $"entry {id} comes from configuration (Policy:AllowList); change the configuration instead");
        }

        var (entry, unbanned, refusal) = await actions.SetAllowListActiveAsync(id, active, cancellationToken);
        return refusal is not null ? ApiResults.Error(StatusCodes.Status409Conflict, "registry-entry", refusal)
            : entry is null ? ApiResults.NotFound($"no allow-list entry {id}")
            : Results.Json(
                new AllowListAdded(AllowListView.From(entry), unbanned.Select(DecisionView.From).ToList()), ApiJsonContext.Default.AllowListAdded);
    }
}
