using FirewallGateway.Core.Security;
using Prometheus;

namespace FirewallGateway.Api;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format (prometheus-net). Every instrument of the "FirewallGateway"
/// meter (reports by receiver/result/reason, dispatch changes and failures per target, reconcile drift,
/// outbox depth, active decisions) is exported by prometheus-net's meter adapter, and request latency by its
/// HTTP middleware (<c>http_request_duration_seconds</c>). Scraping needs a login (any role): the metrics name
/// targets and counts, which are not for everyone.
/// </summary>
internal static class MetricsApi
{
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        MeterExport.Start();
        services.AddSingleton<ActiveDecisionsGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<ActiveDecisionsGauge>());
        return services;
    }

    /// <summary>
    /// Request latency per endpoint (its histogram's <c>_count</c> is the request count); call after routing so
    /// the route template is the label. The separate request counter and in-progress gauge are off: three
    /// middlewares per request cost the report path about 5 % of its CPU and the histogram says the same.
    /// </summary>
    public static IApplicationBuilder UseGatewayMetrics(this IApplicationBuilder app) => app.UseHttpMetrics(options =>
    {
        options.RequestCount.Enabled = false;
        options.InProgress.Enabled = false;
    });

    public static IEndpointConventionBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMetrics("/metrics").RequireAuthorization(GatewayRoles.ReportPolicy);
}
