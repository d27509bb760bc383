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
        services.AddMetrics();
        services.AddValidatedOptions(configuration, DispatchOptions.SectionName, new DispatchOptionsValidator());
        services.TryAddSingleton<IOutboxSignal, OutboxSignal>();
        services.TryAddSingleton<ITargetReconcileTrigger, ReconcileRequests>();

        // A shared store (PostgreSQL) registers its own leases before this; alone, this gateway drives every target.
        services.TryAddSingleton<ITargetLeases, LocalTargetLeases>();
        services.TryAddSingleton<DispatchMetrics>();
        services.AddHostedService<DispatcherService>();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }
}
