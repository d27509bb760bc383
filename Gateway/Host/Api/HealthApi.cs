using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.Receivers.Fail2ban;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Api;

/// <summary>
/// <c>/health</c>: receivers and targets with their state. "No enforcing target configured" and failing targets
/// are warnings, never a plain OK, so nobody believes they are protected when they are not. Anyone may ask, so
/// an anonymous caller gets states only: a target's last error names hosts, ports and users (a map of the
/// network for an attacker); operators, authenticated, see the error texts.
/// </summary>
internal static class HealthApi
{
    public static IEndpointConventionBuilder MapHealthApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", async (HttpContext context, ITargetStore targets, IDecisionStore decisions, IOptions<Fail2banReceiverOptions> fail2ban, IConfiguration configuration, CancellationToken cancellationToken) =>
        {
            bool detailed = context.User.IsInRole(GatewayRoles.Operator);
            var targetViews = await TargetsApi.ListAsync(targets, cancellationToken);
            if (!detailed)
            {
                targetViews = [.. targetViews.Select(t => t with { LastError = null })];
            }

            var enabled = targetViews.Where(t => t.Enabled).ToList();
            var warnings = new List<string>();
            if (enabled.Count == 0)
            {
                warnings.Add("no enforcing target configured: reports are stored and decisions made, but nothing is blocked");
            }

            foreach (var target in enabled.Where(t => t.State == "failing"))
            {
                warnings.Add(detailed ? $"target {target.Name} is failing: {target.LastError}" : $"target {target.Name} is failing (operators see why)");
            }

            var receivers = new List<ReceiverView>
            {
                new("fail2ban", fail2ban.Value.Enabled, "POST /api/v1/reports"),
                new("syslog", configuration.GetValue("Receivers:Syslog:Enabled", false), "UDP/TCP syslog with detection rules"),
                new("graylog", configuration.GetValue("Receivers:Graylog:Enabled", true), "POST /api/v1/graylog/*"),
                new("snmptrap", configuration.GetValue("Receivers:SnmpTrap:Enabled", false), "SNMP v2c/v3 traps and informs over UDP"),
            };
            string status = enabled.Count > 0 && enabled.All(t => t.State == "failing") ? "degraded" : warnings.Count > 0 ? "warning" : "ok";
            return Results.Json(
                new HealthView(status, await decisions.CountActiveDecisionsAsync(cancellationToken), warnings, receivers, targetViews),
                ApiJsonContext.Default.HealthView,
                statusCode: status == "degraded" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).AllowAnonymous();
}
