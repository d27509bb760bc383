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
/// Overload sheds, never queues without bound: Kestrel closes connections past <c>Limits:MaxConnections</c>;
/// past <c>Limits:MaxConcurrentRequests</c> running and <c>Limits:RequestQueue</c> waiting, or after
/// <c>Limits:MaxQueueWait</c> in that queue, a request is answered 503 with Retry-After before authentication or
/// body reading, so it costs almost nothing and comes quickly. fail2ban's curl (and Graylog) retry 503.
/// </summary>
internal static class OverloadShedding
{
    public static IServiceCollection AddOverloadShedding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, LimitsOptions.SectionName, new SectionValidator<LimitsOptions>(LimitsOptions.SectionName));
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxConcurrentConnections = limits.Value.MaxConnections);
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
                // would fill Limits:MaxConnections, and Kestrel closes connections past it without any answer
                // (curl does not retry an empty reply). Closing this one keeps room for the next client's 503.
                context.HttpContext.Response.Headers.Connection = "close";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new ApiError("overloaded", $"the gateway is at capacity; retry after {retryAfter} s"),
                    ApiJsonContext.Default.ApiError,
                    contentType: null,
                    cancellationToken);
            };
        });
        return services;
    }
}
