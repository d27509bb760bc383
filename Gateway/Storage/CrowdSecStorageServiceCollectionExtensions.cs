using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.Storage;

/// <summary>Exposes <see cref="ICrowdSecStore"/> of whichever store <see cref="StorageServiceCollectionExtensions.AddGatewayStore"/> registered.</summary>
public static class CrowdSecStorageServiceCollectionExtensions
{
    public static IServiceCollection AddCrowdSecStore(this IServiceCollection services)
    {
        services.AddSingleton<ICrowdSecStore>(s => (RelationalStore)s.GetRequiredService<IDecisionStore>());
        return services;
    }
}
