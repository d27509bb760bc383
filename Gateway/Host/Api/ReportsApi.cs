using FirewallGateway.Core.Security;
using FirewallGateway.Reports;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/reports/summary</c>: top attacking addresses and most-attacked servers (by reporting host)
/// for a period — <c>since=7d</c> (default 24h) or <c>from</c>/<c>to</c> (ISO 8601), <c>top</c> rows (default
/// 10). <c>POST /api/v1/reports/email</c> sends that report by e-mail now. Operators only.
/// </summary>
internal static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/reports").RequireAuthorization(GatewayRoles.OperatorPolicy);
        group.MapGet("/summary", SummaryAsync);
        group.MapPost("/email", EmailAsync);
        return group;
    }

    private static async Task<IResult> SummaryAsync(
        string? since, DateTimeOffset? from, DateTimeOffset? to, int? top, ReportComposer composer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (top is < 1 or > 1000)
        {
            return ApiResults.BadRequest("top", "must be between 1 and 1000");
        }

        var (period, error) = Period(since, from, to, time.GetUtcNow());
        return error ?? Results.Json(
            await composer.SummarizeAsync(period.From, period.To, top ?? 10, cancellationToken), ApiJsonContext.Default.ReportSummaryView);
    }

    private static async Task<IResult> EmailAsync(
        string? since, DateTimeOffset? from, DateTimeOffset? to, EmailReportSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        var (period, error) = Period(since, from, to, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }

        if (sender.NotConfigured() is { } reason)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "not-configured", reason);
        }

        try
        {
            return Results.Json(await sender.SendAsync(period.From, period.To, cancellationToken), ApiJsonContext.Default.EmailSentView);
        }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException
            or System.Security.Authentication.AuthenticationException or TimeoutException)
        {
            return ApiResults.Error(StatusCodes.Status502BadGateway, "smtp-failed", ex.Message);
        }
    }

    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaximumPeriod = TimeSpan.FromDays(36_500);

    private static ((DateTimeOffset From, DateTimeOffset To) Period, IResult? Error) Period(string? since, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        if (since is not null && (from is not null || to is not null))
        {
            return (default, ApiResults.BadRequest("since", "give either since or from/to"));
        }

        if (from is not null || to is not null)
        {
            var end = to ?? now;
            if (end - DateTimeOffset.UnixEpoch < DefaultPeriod || end > now + MaximumPeriod || from < DateTimeOffset.UnixEpoch)
            {
                return (default, ApiResults.BadRequest(to is null ? "from" : "to", "must lie between 1970 and 100 years from now"));
            }

            var start = from ?? end - DefaultPeriod;
            return start < end ? ((start, end), null) : (default, ApiResults.BadRequest("from", "must be before to"));
        }

        if (since is null)
        {
            return ((now - DefaultPeriod, now), null);
        }

        if (!DurationText.TryParse(since, out var span))
        {
            return (default, ApiResults.BadRequest("since", "must look like 90s, 15m, 4h, 7d, 2w"));
        }

        // Anything longer reaches before any stored report, and a far larger one would fall off the calendar.
        return span <= MaximumPeriod
            ? ((now - span, now), null)
            : (default, ApiResults.BadRequest("since", "must be at most 36500d (100 years)"));
    }
}
