using System.Globalization;
using System.Threading.RateLimiting;
using FirewallGateway.Api;
using FirewallGateway.Core;
using FirewallGateway.Core.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// Overload sheds, never queues without bound: Kestrel closes connections past <c>Limits:MaxConnections</c>;
/// past <c>Limits:MaxConcurrentRequests</c> running and <c>Limits:RequestQueue</c> waiting, a request is answered
/// 503 with Retry-After before authentication or body reading, so it costs almost nothing. fail2ban's curl
/// (and Graylog) retry 503.
/// </summary>
internal static class OverloadShedding
{
    public static IServiceCollection AddOverloadShedding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, LimitsOptions.SectionName, new SectionValidator<LimitsOptions>(LimitsOptions.SectionName));
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxConcurrentConnections = limits.Value.MaxConnections);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((options, limits) =>
        {
            var l = limits.Value;
            var concurrency = new ConcurrencyLimiterOptions
            {
                PermitLimit = l.MaxConcurrentRequests,
                QueueLimit = l.RequestQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, int>(_ => RateLimitPartition.GetConcurrencyLimiter(0, _ => concurrency));
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            string retryAfter = l.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = retryAfter;
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
