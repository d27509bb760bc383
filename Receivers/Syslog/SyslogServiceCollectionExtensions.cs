using FirewallGateway.Core;
using FirewallGateway.Receivers.Syslog.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Receivers.Syslog;

/// <summary>Registers the syslog receiver: options (rules compiled and checked at start) and the listeners.</summary>
public static class SyslogServiceCollectionExtensions
{
    public static IServiceCollection AddSyslogReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, SyslogReceiverOptions.SectionName, new SyslogReceiverOptionsValidator());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SyslogMetrics>();
        services.TryAddSingleton<SyslogReceiverService>();
        services.AddHostedService(sp => sp.GetRequiredService<SyslogReceiverService>());
        return services;
    }
}
