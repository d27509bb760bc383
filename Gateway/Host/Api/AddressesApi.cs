using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>/api/v1/addresses/{address}</c>: why an address is (or is not) blocked — its decision and expiry, every
/// report with its provenance, the allow-list entry or reserved block protecting it, and its state on each target.
/// </summary>
internal static class AddressesApi
{
    public static RouteGroupBuilder MapAddressesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/addresses").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/{*address}", ExplainAsync);
        return group;
    }

    private static async Task<IResult> ExplainAsync(
        string address, IDecisionStore decisions, ITargetStore targets, AddressFilter filter, int? reports, CancellationToken cancellationToken)
    {
        if (!BanAddress.TryParse(Uri.UnescapeDataString(address), out var parsed))
        {
            return ApiResults.BadRequest("address", "is not an IPv4/IPv6 address or CIDR block");
        }

        var active = await decisions.ListDecisionsAsync(new DecisionQuery(DecisionState.Active, parsed, Limit: 1), cancellationToken);
        var latest = active.Count > 0
            ? active[0]
            : await LatestAsync(decisions, parsed, cancellationToken);
        var stored = await decisions.ListReportsAsync(parsed, Math.Clamp(reports ?? 100, 1, 10_000), cancellationToken);
        var enforcement = await targets.ListEnforcementAsync(parsed, cancellationToken);
        return Results.Json(
            new AddressView(
                parsed.ToString(),
                latest is null ? null : DecisionView.From(latest),
                filter.Check(parsed)?.Message,
                stored.Select(ReportView.From).ToList(),
                enforcement.Select(e => new EnforcementView(e.Target, e.State, e.Error, e.UpdatedAt, e.Attempts)).ToList()),
            ApiJsonContext.Default.AddressView);
    }

    private static async Task<Decision?> LatestAsync(IDecisionStore decisions, BanAddress address, CancellationToken cancellationToken)
    {
        var latest = await decisions.ListDecisionsAsync(new DecisionQuery(null, address, Limit: 1), cancellationToken);
        return latest.Count > 0 ? latest[0] : null;
    }
}
