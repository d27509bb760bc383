using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Targets;

/// <summary>Registers one <see cref="IFirewallAdapter"/> per configured target.</summary>
internal static class TargetServiceCollectionExtensions
{
    public static IServiceCollection AddConfiguredTargets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new ConfiguredTargets(configuration, sp.GetServices<IFirewallAdapterKind>(), sp));
        foreach (var section in configuration.GetSection(ConfiguredTargets.SectionName).GetChildren())
        {
            string name = section.Key;
            services.AddSingleton<IFirewallAdapter>(sp => sp.GetRequiredService<ConfiguredTargets>().Get(name));
        }

        return services;
    }
}
