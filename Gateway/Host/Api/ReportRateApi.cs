using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.Web;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/reports/rate?minutes=60</c>: reports received per whole minute (UTC) for the last N minutes
/// (1–180), oldest first, the current minute last; operator reports are not counted. Operators only.
/// </summary>
internal static class ReportRateApi
{
    private const int MaxMinutes = 180;

    public static IEndpointConventionBuilder MapReportRateApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/reports/rate", RateAsync).RequireAuthorization(GatewayRoles.OperatorPolicy);

    private static async Task<IResult> RateAsync(int? minutes, IReportStatistics statistics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (minutes is < 1 or > MaxMinutes)
        {
            return ApiResults.BadRequest("minutes", $"must be between 1 and {MaxMinutes}");
        }

        var now = time.GetUtcNow();
        var currentMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        int count = minutes ?? 60;
        var rates = new List<ReportRateView>(count);
        for (int i = count - 1; i >= 0; i--)
        {
            var start = currentMinute.AddMinutes(-i);
            rates.Add(new ReportRateView(start, await statistics.CountReportsAsync(start, start.AddMinutes(1), cancellationToken)));
        }

        return Results.Json(rates, DashboardJsonContext.Default.IReadOnlyListReportRateView);
    }
}
