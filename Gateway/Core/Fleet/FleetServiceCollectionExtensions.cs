using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Core.Fleet;

/// <summary>Registers the server registry and its delivery rules (needs the store's fleet interfaces and the decision core).</summary>
public static class FleetServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayFleet(this IServiceCollection services)
    {
        services.TryAddSingleton<ServerRegistry>();
        services.TryAddSingleton<TargetedLocks>();
        services.TryAddSingleton<Corroboration>();
        services.TryAddSingleton<TargetBudgets>();
        services.TryAddSingleton<RangeFolding>();
        services.TryAddSingleton<QueuedFolds>();
        services.TryAddSingleton<ITargetDeliveryPolicy, ServerDeliveryPolicy>();
        return services;
    }
}
