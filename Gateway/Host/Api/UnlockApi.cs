using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>POST /api/v1/unlock</c> <c>{"address": "..."}</c>: ends the active decision for exactly that address or
/// block and queues its removal on every target it was pushed to — the by-address twin of
/// <c>DELETE /api/v1/decisions/{id}</c>, since operators think in addresses. Operators only.
/// </summary>
internal static class UnlockApi
{
    public static RouteHandlerBuilder MapUnlockApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/unlock", UnlockAsync).RequireAuthorization(GatewayRoles.OperatorPolicy);

    private static async Task<IResult> UnlockAsync(HttpContext context, IDecisionStore store, OperatorActions actions, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.UnlockRequest);
        if (error is not null)
        {
            return error;
        }

        if (!BanAddress.TryParse(request!.Address, out var address))
        {
            return ApiResults.BadRequest("address", "is required and must be an IPv4/IPv6 address or CIDR block");
        }

        var active = await store.ListDecisionsAsync(new DecisionQuery(DecisionState.Active, address, Limit: 1), cancellationToken);
        if (active.Count == 0)
        {
            return ApiResults.NotFound($"{address} has no active decision");
        }

        return await actions.RemoveAsync(active[0].Id, cancellationToken) is { } removed
            ? Results.Json(DecisionView.From(removed), ApiJsonContext.Default.DecisionView)
            : ApiResults.NotFound($"{address} has no active decision");
    }
}
