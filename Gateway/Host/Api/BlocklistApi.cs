using System.Text;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/blocklist?family=4|6</c>: every address blocked now, one address or CIDR block per line
/// (text/plain), for MikroTik <c>/tool fetch</c> scripts and pfSense/OPNsense URL table aliases. Both families
/// without <c>family</c>. Needs a login of any role (HTTP Basic; firewalls put it in the URL as
/// <c>https://user:password@gateway/...</c> or in fetch's user/password); give each firewall its own reporter login.
/// </summary>
internal static class BlocklistApi
{
    public static RouteHandlerBuilder MapBlocklistApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/blocklist", WriteAsync).RequireAuthorization(GatewayRoles.ReportPolicy);

    private static async Task<IResult> WriteAsync(HttpContext context, IDecisionStore store, TimeProvider time, string? family, CancellationToken cancellationToken)
    {
        bool v4 = family is null or "4";
        bool v6 = family is null or "6";
        if (family is not null and not "4" and not "6")
        {
            return ApiResults.BadRequest("family", "must be 4 or 6 (leave it out for both)");
        }

        // Sorted and deduplicated so an unchanged list is byte-identical (aliases reload only on change).
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var decision in store.ListActiveDecisionsAsync(time.GetUtcNow(), cancellationToken))
        {
            if (decision.Address.IsIPv4 ? v4 : v6)
            {
                lines.Add(decision.Address.ToString());
            }
        }

        var text = new StringBuilder(lines.Count * 16);
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }
}
