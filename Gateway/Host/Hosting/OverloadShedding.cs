using System.Globalization;
using System.Threading.RateLimiting;
using FirewallGateway.Api;
using FirewallGateway.Core;
using FirewallGateway.Core.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// Overload sheds, never queues without bound: a connection past <c>Limits:MaxConnections</c> is answered 503
/// (<see cref="ConnectionCap"/>), and past <c>MaxConnections + MaxShedConnections</c> Kestrel closes it at once;
/// past <c>Limits:MaxConcurrentRequests</c> running and <c>Limits:RequestQueue</c> waiting, or after
/// <c>Limits:MaxQueueWait</c> in that queue, a request is answered 503 with Retry-After before authentication or
/// body reading, so it costs almost nothing and comes quickly. fail2ban's curl (and Graylog) retry 503.
/// </summary>
internal static class OverloadShedding
{
    public static IServiceCollection AddOverloadShedding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, LimitsOptions.SectionName, new SectionValidator<LimitsOptions>(LimitsOptions.SectionName));
        services.AddSingleton<OverCapacityAnswer>();
        services.AddSingleton<ConnectionCap>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>, ConnectionCap>((kestrel, limits, cap) =>
        {
            // Every endpoint (urls, Kestrel:Endpoints, the default) gets the defaults before its TLS layer, so the
            // cap sees raw connections: it counts them before any handshake is paid for.
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(cap.Wrap));

            // A shed TLS connection is offered HTTP/1.1 only: its 503 with Connection: close ends the connection
            // there and then, where HTTP/2 (curl's choice) left it open until the client went away.
            kestrel.ConfigureHttpsDefaults(https => https.OnAuthenticate = OverCapacityAnswer.OfferHttp11OnlyWhenShed);
            kestrel.Limits.MaxConcurrentConnections = (long)limits.Value.MaxConnections + limits.Value.MaxShedConnections;
        });
        services.AddOptions<SocketTransportOptions>()
            .Configure<IOptions<LimitsOptions>>((transport, limits) => transport.Backlog = limits.Value.ListenBacklog);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>, TimeProvider>((options, limits, time) =>
        {
            var l = limits.Value;
            var concurrency = new ConcurrencyLimiterOptions
            {
                PermitLimit = l.MaxConcurrentRequests,
                QueueLimit = l.RequestQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, int>(
                _ => RateLimitPartition.Get(0, _ => new BoundedWaitConcurrencyLimiter(concurrency, l.MaxQueueWait, time)));
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            string retryAfter = l.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = retryAfter;

                // A shed client waits Retry-After before it comes back; holding its idle connection that long
                // would fill Limits:MaxConnections, past which clients get only the cheaper connection-level 503.
                // Closing this one keeps room for requests that can be served.
                ShedConnectionClose.Request(context.HttpContext);
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new ApiError("overloaded", $"the gateway is at capacity; retry after {retryAfter} s"),
                    ApiJsonContext.Default.ApiError,
                    contentType: null,
                    cancellationToken);
            };
        });
        return services;
    }

    /// <summary>First in the pipeline: a request on a connection past <c>Limits:MaxConnections</c> (TLS) gets only the 503.</summary>
    public static IApplicationBuilder UseOverCapacityAnswer(this IApplicationBuilder app)
    {
        var answer = app.ApplicationServices.GetRequiredService<OverCapacityAnswer>();
        return app.Use((context, next) => context.Features.Get<OverCapacityFeature>() is { } shed ? answer.WriteAsync(context, shed) : next(context));
    }
}
