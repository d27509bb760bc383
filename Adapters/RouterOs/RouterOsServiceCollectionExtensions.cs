using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>Registers the <c>routeros</c> target kind.</summary>
public static class RouterOsServiceCollectionExtensions
{
    /// <summary>Makes <c>Kind = routeros</c> available under <c>Targets:&lt;name&gt;</c>.</summary>
    public static IServiceCollection AddRouterOsTargetKind(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFirewallAdapterKind, RouterOsAdapterKind>());
        return services;
    }
}
