using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FirewallGateway.Core.Dispatch;

/// <summary>Registers dispatch: the outbox wake-up, one worker per target, reconcile and expiry.</summary>
public static class DispatchServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOutboxSignal, OutboxSignal>();
        services.TryAddSingleton<ITargetLeases, LocalTargetLeases>();
        return services;
    }
}
