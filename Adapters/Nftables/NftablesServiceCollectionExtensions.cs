using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>Registration of the <c>nftables</c> target kind.</summary>
public static class NftablesServiceCollectionExtensions
{
    /// <summary>Makes <c>Targets:&lt;name&gt;:Kind = nftables</c> available; each such section becomes one target.</summary>
    public static IServiceCollection AddNftablesTargetKind(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFirewallAdapterKind, NftablesKind>());
        return services;
    }
}
