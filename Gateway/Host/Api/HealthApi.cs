using FirewallGateway.Core.Storage;
using FirewallGateway.Receivers.Fail2ban;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Api;

/// <summary>
/// <c>/health</c>: receivers and targets with their state. "No enforcing target configured" and failing targets
/// are warnings, never a plain OK, so nobody believes they are protected when they are not.
/// </summary>
internal static class HealthApi
{
    public static IEndpointConventionBuilder MapHealthApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", async (ITargetStore targets, IDecisionStore decisions, IOptions<Fail2banReceiverOptions> fail2ban, IConfiguration configuration, CancellationToken cancellationToken) =>
        {
            var targetViews = await TargetsApi.ListAsync(targets, cancellationToken);
            var enabled = targetViews.Where(t => t.Enabled).ToList();
            var warnings = new List<string>();
            if (enabled.Count == 0)
            {
                warnings.Add("no enforcing target configured: reports are stored and decisions made, but nothing is blocked");
            }

            foreach (var target in enabled.Where(t => t.State == "failing"))
            {
                warnings.Add($"target {target.Name} is failing: {target.LastError}");
            }

            var receivers = new List<ReceiverView>
            {
                new("fail2ban", fail2ban.Value.Enabled, "POST /api/v1/reports"),
                new("syslog", configuration.GetValue("Receivers:Syslog:Enabled", false), "UDP/TCP syslog with detection rules"),
                new("graylog", configuration.GetValue("Receivers:Graylog:Enabled", true), "POST /api/v1/graylog/*"),
            };
            string status = enabled.Count > 0 && enabled.All(t => t.State == "failing") ? "degraded" : warnings.Count > 0 ? "warning" : "ok";
            return Results.Json(
                new HealthView(status, await decisions.CountActiveDecisionsAsync(cancellationToken), warnings, receivers, targetViews),
                ApiJsonContext.Default.HealthView,
                statusCode: status == "degraded" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).AllowAnonymous();
}
