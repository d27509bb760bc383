using FirewallGateway.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Registers the Graylog receiver's options (validated at start) and its address extractor.</summary>
public static class GraylogServiceCollectionExtensions
{
    public static IServiceCollection AddGraylogReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, GraylogReceiverOptions.SectionName, new GraylogReceiverOptionsValidator());
        services.AddSingleton<GraylogAddressExtractor>();
        services.AddSingleton<GraylogAuthenticator>();
        services.AddSingleton<GraylogReceiver>();
        return services;
    }
}
