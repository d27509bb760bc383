using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>
/// <c>POST /api/v1/reports</c>: what a fail2ban action knows about a ban (ip, jail, protocol, port, bantime,
/// failures, host, matches) as JSON or form fields. 2xx only once the report is durable; every bad input
/// gets a 4xx with a JSON reason. <c>POST /api/v1/reports/unban</c> is refused unless configured.
/// </summary>
public static class Fail2banEndpoints
{
    public static IEndpointRouteBuilder MapFail2banReceiver(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<Fail2banReceiverOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup("/api/v1/reports").RequireAuthorization(GatewayRoles.ReportPolicy);
        group.MapPost("/", ReportAsync);
        group.MapPost("/unban", UnbanAsync);
        return endpoints;
    }

    private static async Task<IResult> ReportAsync(
        HttpContext context, IReportSink sink, IOptions<Fail2banReceiverOptions> options, ReportMetrics metrics, TimeProvider time)
    {
        var (fields, readError) = await Fail2banBodyReader.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (readError is not null)
        {
            metrics.RecordRejectedInput(ReportSource.Fail2ban, readError.Error);
            return Refuse(readError);
        }

        string reporter = context.User.Identity?.Name ?? "unknown";
        var (report, error) = Fail2banReportMapper.Map(fields!, reporter, time.GetUtcNow(), options.Value);
        if (error is not null)
        {
            metrics.RecordRejectedInput(ReportSource.Fail2ban, error.Error);
            return Refuse(error);
        }

        ReportOutcome outcome;
        try
        {
            outcome = await sink.SubmitAsync(report!, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Not durable, so not acknowledged: fail2ban's curl retries a 503 (--retry), then exits non-zero.
            if (ex is ReportQueueFullException)
            {
                context.Response.Headers.RetryAfter = ((int)ReportQueueFullException.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(
                new ErrorAnswer("unavailable", "the report could not be stored; retry"),
                Fail2banJsonContext.Default.ErrorAnswer,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Answer(outcome);
    }

    private static async Task<IResult> UnbanAsync(
        HttpContext context, IOptions<Fail2banReceiverOptions> options, IDecisionStore decisions, OperatorActions actions)
    {
        var (fields, readError) = await Fail2banBodyReader.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (readError is not null)
        {
            return Refuse(readError);
        }

        if (!options.Value.AllowReporterUnban)
        {
            return Refuse(new Fail2banError(
                StatusCodes.Status403Forbidden,
                "unban-refused",
                null,
                "reporters cannot unban: the gateway decides when a ban ends (Receivers:Fail2ban:AllowReporterUnban is false)"));
        }

        if (!BanAddress.TryParse(fields!.Ip, out var address))
        {
            return Refuse(Fail2banError.Invalid("ip", "is not an IPv4/IPv6 address or CIDR block"));
        }

        var active = await decisions.ListDecisionsAsync(new DecisionQuery(DecisionState.Active, address, Limit: 1), context.RequestAborted);
        string reporter = context.User.Identity?.Name ?? string.Empty;
        if (active.Count == 0)
        {
            return Results.Json(new ReportAnswer("not-banned"), Fail2banJsonContext.Default.ReportAnswer);
        }

        if (active[0].CreatedBy != reporter)
        {
            return Refuse(new Fail2banError(
                StatusCodes.Status403Forbidden, "unban-refused", "ip", $"decision {active[0].Id} was not created by '{reporter}'"));
        }

        var removed = await actions.RemoveAsync(active[0].Id, context.RequestAborted);
        return Results.Json(new ReportAnswer(removed is null ? "not-banned" : "unbanned"), Fail2banJsonContext.Default.ReportAnswer);
    }

    private static IResult Answer(ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Accepted accepted => Results.Json(
            new ReportAnswer(
                "accepted",
                accepted.Created ? OutcomeCodes.Created : OutcomeCodes.Merged,
                Decision: new DecisionSummary(
                    accepted.Decision.Id, accepted.Decision.Address.ToString(), accepted.Decision.ExpiresAt, accepted.Decision.ReportCount)),
            Fail2banJsonContext.Default.ReportAnswer,
            statusCode: accepted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
        ReportOutcome.Ignored ignored => Results.Json(
            new ReportAnswer("ignored", ignored.Code, ignored.Why), Fail2banJsonContext.Default.ReportAnswer),
        ReportOutcome.Rejected rejected => Results.Json(
            new ReportAnswer(rejected.Code == OutcomeCodes.Duplicate ? "duplicate" : "rejected", rejected.Code, rejected.Why),
            Fail2banJsonContext.Default.ReportAnswer),
        _ => throw new InvalidOperationException("unknown outcome"),
    };

    private static IResult Refuse(Fail2banError error) =>
        Results.Json(new ErrorAnswer(error.Error, error.Detail, error.Field), Fail2banJsonContext.Default.ErrorAnswer, statusCode: error.Status);
}
