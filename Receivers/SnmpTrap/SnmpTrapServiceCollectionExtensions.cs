using FirewallGateway.Core;
using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Receivers.SnmpTrap;

/// <summary>Registers the SNMP trap receiver: options (rules and users checked at start) and the listener.</summary>
public static class SnmpTrapServiceCollectionExtensions
{
    public static IServiceCollection AddSnmpTrapReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions(configuration, SnmpTrapReceiverOptions.SectionName, new SnmpTrapReceiverOptionsValidator());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new SnmpTrapDataDirectory(configuration["Gateway:DataDirectory"] ?? "data"));
        services.TryAddSingleton<TrapMetrics>();
        services.TryAddSingleton<SnmpTrapReceiverService>();
        services.AddHostedService(sp => sp.GetRequiredService<SnmpTrapReceiverService>());
        return services;
    }
}
