using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Security;

namespace FirewallGateway.Api;

/// <summary><c>/api/v1/allowlist</c>: the entries in force (configuration and stored), add, remove.</summary>
internal static class AllowListApi
{
    public static RouteGroupBuilder MapAllowListApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/allowlist").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/", (AddressFilter filter) =>
            Results.Json(filter.Entries.Select(AllowListView.From).ToList(), ApiJsonContext.Default.IReadOnlyListAllowListView));
        group.MapPost("/", AddAsync);
        group.MapDelete("/{id:long}", RemoveAsync);
        return group;
    }

    private static async Task<IResult> AddAsync(HttpContext context, OperatorActions actions, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.AllowListRequest);
        if (error is not null)
        {
            return error;
        }

        if (!BanAddress.TryParse(request!.Address, out var address))
        {
            return ApiResults.BadRequest("address", "is required and must be an IPv4/IPv6 address or CIDR block");
        }

        string comment = request.Comment?.Trim() ?? string.Empty;
        if (comment.Length > 256)
        {
            return ApiResults.BadRequest("comment", "must be at most 256 characters");
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return ApiResults.BadRequest("expiresAt", "must be in the future");
        }

        var entry = new AllowListEntry(0, address, comment, request.Active ?? true, request.ExpiresAt, "operator:" + (context.User.Identity?.Name ?? "?"), now);
        var (stored, unbanned) = await actions.AllowAsync(entry, cancellationToken);
        return Results.Json(
            new AllowListAdded(AllowListView.From(stored), unbanned.Select(DecisionView.From).ToList()),
            ApiJsonContext.Default.AllowListAdded,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAsync(long id, OperatorActions actions, CancellationToken cancellationToken)
    {
        if (id < 0)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "configured-entry", $"entry {id} comes from configuration (Policy:AllowList); change the configuration instead");
        }

        var (removed, refusal) = await actions.DisallowAsync(id, cancellationToken);
        return refusal is not null ? ApiResults.Error(StatusCodes.Status409Conflict, "registry-entry", refusal)
            : removed ? Results.NoContent()
            : ApiResults.NotFound($"no allow-list entry {id}");
    }
}
