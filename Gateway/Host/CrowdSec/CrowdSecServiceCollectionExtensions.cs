using FirewallGateway.Core;
using FirewallGateway.Storage;
using Microsoft.Extensions.Options;

namespace FirewallGateway.CrowdSec;

/// <summary>Registers and maps the CrowdSec local API (bouncers, watchers) and its management endpoints.</summary>
internal static class CrowdSecServiceCollectionExtensions
{
    public static IServiceCollection AddCrowdSecApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, CrowdSecOptions.SectionName, new CrowdSecOptionsValidator());
        services.AddCrowdSecStore();
        services.AddSingleton<WatcherTokens>();
        return services;
    }

    public static IEndpointRouteBuilder MapCrowdSecApi(this IEndpointRouteBuilder endpoints)
    {
        // Bouncers and agents are managed even while the local API is off, so keys can be prepared first.
        endpoints.MapCrowdSecManagementApi();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<CrowdSecOptions>>().Value.Enabled)
        {
            endpoints.MapBouncerEndpoints();
            endpoints.MapWatcherEndpoints();
        }

        return endpoints;
    }
}
