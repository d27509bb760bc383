using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Fleet;
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
        string address, IDecisionStore decisions, ITargetStore targets, AddressFilter filter, ITargetDeliveryPolicy delivery, int? reports,
        TimeProvider time, CancellationToken cancellationToken)
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
        var failing = (await targets.ListTargetsAsync(cancellationToken)).Where(t => t.LastError is not null).ToDictionary(t => t.Name, t => t.LastError!);
        var enforcement = new List<EnforcementView>();
        foreach (var e in await targets.ListEnforcementAsync(parsed, cancellationToken))
        {
            // A server that is also a target may not take this address (report-only, cap, group): say so and why;
            // a folding target may hold it through a covering range.
            var rules = latest?.State == DecisionState.Active ? await delivery.ForTargetAsync(e.Target, time.GetUtcNow(), cancellationToken) : null;
            enforcement.Add(
                rules?.Folds?.RangeHolding(parsed) is { } range ? new EnforcementView(e.Target, "folded", FoldView.Why(range, e.Target), e.UpdatedAt, e.Attempts)
                : rules is not null && !rules.Wanted.ContainsKey(parsed) && e.State != "applied" ? new EnforcementView(e.Target, "withheld", rules.WithheldWhy, e.UpdatedAt, e.Attempts)

                // A target that cannot be reached or logged into never got to try the change: its own error is the reason.
                : e.State == "pending" && failing.TryGetValue(e.Target, out string? error) ? new EnforcementView(e.Target, "failed", error, e.UpdatedAt, e.Attempts)
                : new EnforcementView(e.Target, e.State, e.Error, e.UpdatedAt, e.Attempts));
        }

        return Results.Json(
            new AddressView(
                parsed.ToString(),
                latest is null ? null : DecisionView.From(latest),
                filter.Check(parsed)?.Message,
                stored.Select(ReportView.From).ToList(),
                enforcement),
            ApiJsonContext.Default.AddressView);
    }

    private static async Task<Decision?> LatestAsync(IDecisionStore decisions, BanAddress address, CancellationToken cancellationToken)
    {
        var latest = await decisions.ListDecisionsAsync(new DecisionQuery(null, address, Limit: 1), cancellationToken);
        return latest.Count > 0 ? latest[0] : null;
    }
}
