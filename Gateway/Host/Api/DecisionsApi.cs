using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Fleet;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary><c>/api/v1/decisions</c>: list, show, add by hand, remove everywhere (operators only).</summary>
internal static class DecisionsApi
{
    public static RouteGroupBuilder MapDecisionsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/decisions").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/", AddAsync);
        group.MapDelete("/{id:long}", RemoveAsync);
        return group;
    }

    private static async Task<IResult> ListAsync(IDecisionStore store, string? state, string? address, int? limit, long? before, CancellationToken cancellationToken)
    {
        DecisionState? wanted = null;
        if (state is not null and not "all")
        {
            if (!Enum.TryParse<DecisionState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiResults.BadRequest("state", "must be active, expired, removed or all");
            }

            wanted = parsed;
        }
        else if (state is null)
        {
            wanted = DecisionState.Active;
        }

        BanAddress? filter = null;
        if (address is not null)
        {
            if (!BanAddress.TryParse(address, out var parsedAddress))
            {
                return ApiResults.BadRequest("address", "is not an IPv4/IPv6 address or CIDR block");
            }

            filter = parsedAddress;
        }

        if (limit is < 1 or > 100_000)
        {
            return ApiResults.BadRequest("limit", "must be between 1 and 100000");
        }

        var decisions = await store.ListDecisionsAsync(new DecisionQuery(wanted, filter, null, limit ?? 100, before), cancellationToken);
        return Results.Json(decisions.Select(DecisionView.From).ToList(), ApiJsonContext.Default.IReadOnlyListDecisionView);
    }

    private static async Task<IResult> GetAsync(long id, IDecisionStore store, CancellationToken cancellationToken) =>
        await store.GetDecisionAsync(id, cancellationToken) is { } decision
            ? Results.Json(DecisionView.From(decision), ApiJsonContext.Default.DecisionView)
            : ApiResults.NotFound($"no decision {id}");

    private static async Task<IResult> AddAsync(
        HttpContext context, TargetedLocks locks, ITargetStore targetStore, CancellationToken cancellationToken)
    {
        var (request, error) = await ApiBody.ReadAsync(context.Request, ApiJsonContext.Default.ManualBanRequest);
        if (error is not null)
        {
            return error;
        }

        if (!BanAddress.TryParse(request!.Address, out var address))
        {
            return ApiResults.BadRequest("address", "is required and must be an IPv4/IPv6 address or CIDR block");
        }

        TimeSpan? duration = null;
        if (request.Duration is not null)
        {
            if (!DurationText.TryParse(request.Duration, out var parsed))
            {
                return ApiResults.BadRequest("duration", "must look like 90s, 15m, 4h, 7d, 2w or 01:30:00");
            }

            duration = parsed;
        }

        string reason = string.IsNullOrWhiteSpace(request.Reason) ? "manual ban" : request.Reason.Trim();
        if (reason.Length > 256)
        {
            return ApiResults.BadRequest("reason", "must be at most 256 characters");
        }

        // A lock may be limited to some targets (the operator's own); unknown names are refused, none means all.
        var targets = request.Targets ?? [];
        var known = (await targetStore.ListTargetsAsync(cancellationToken)).Where(t => t.Enabled).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (targets.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
        {
            return ApiResults.BadRequest("targets", $"names no configured target '{unknown}'");
        }

        var outcome = await locks.LockAsync(address, duration, reason, context.User.Identity?.Name ?? "operator", targets, cancellationToken);
        return outcome switch
        {
            ReportOutcome.Accepted accepted => Results.Json(
                DecisionView.From(accepted.Decision), ApiJsonContext.Default.DecisionView,
                statusCode: accepted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
            ReportOutcome.Ignored ignored => ApiResults.Error(StatusCodes.Status422UnprocessableEntity, ignored.Code, ignored.Why, "address"),
            ReportOutcome.Rejected rejected => ApiResults.Error(StatusCodes.Status409Conflict, rejected.Code, rejected.Why),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    private static async Task<IResult> RemoveAsync(long id, OperatorActions actions, CancellationToken cancellationToken) =>
        await actions.RemoveAsync(id, cancellationToken) is { } removed
            ? Results.Json(DecisionView.From(removed), ApiJsonContext.Default.DecisionView)
            : ApiResults.NotFound($"no active decision {id}");
}
