using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>Registers the <c>fail2ban-ssh</c> target kind.</summary>
public static class Fail2banSshServiceCollectionExtensions
{
    /// <summary>Makes <c>Targets:&lt;name&gt;:Kind = fail2ban-ssh</c> available (a central firewall's fail2ban over SSH).</summary>
    public static IServiceCollection AddFail2banSshTargetKind(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFirewallAdapterKind, Fail2banSshTargetKind>());
        return services;
    }
}
