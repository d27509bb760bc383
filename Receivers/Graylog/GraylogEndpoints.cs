using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// <c>POST /api/v1/graylog/{legacy|events|custom}</c> (Basic or API key) and <c>POST /api/v1/graylog/t/{token}/...</c>
/// (URL path token, for Graylog before 5.0): one endpoint per notification style. 2xx only once every report is
/// durable, so Graylog 7's retries on 5xx are safe; a retried event is not counted twice.
/// </summary>
public static class GraylogEndpoints
{
    public static IEndpointRouteBuilder MapGraylogReceiver(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<GraylogReceiverOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        // Anonymous at the routing level: the handler checks Basic, API key or path token itself (GraylogAuthenticator).
        var group = endpoints.MapGroup("/api/v1/graylog").AllowAnonymous();
        foreach (var kind in Enum.GetValues<GraylogNotificationKind>())
        {
            string name = kind.ToString().ToLowerInvariant();
            group.MapPost("/" + name, (HttpContext context, GraylogReceiver receiver) => receiver.HandleAsync(context, kind, null));
            group.MapPost("/t/{token}/" + name, (HttpContext context, string token, GraylogReceiver receiver) => receiver.HandleAsync(context, kind, token));
        }

        return endpoints;
    }
}
