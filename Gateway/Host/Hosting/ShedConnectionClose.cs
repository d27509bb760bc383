using Microsoft.AspNetCore.Connections.Features;

namespace FirewallGateway.Hosting;

internal static class ShedConnectionClose
{
    /// <summary>
    /// Ends the connection after a shed answer, so a client waiting Retry-After does not hold a connection slot:
    /// <c>Connection: close</c> on HTTP/1.x; HTTP/2 has no such header (Kestrel strips it and warns, once per
    /// answer), so there Kestrel is asked to close (GOAWAY) instead.
    /// </summary>
    public static void Request(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }

        context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
    }
}
