using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.Storage;

/// <summary>Exposes the fleet interfaces of whichever store <see cref="StorageServiceCollectionExtensions.AddGatewayStore"/> registered.</summary>
public static class FleetStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IChangeFeed"/>, <see cref="IReportStatistics"/> and <see cref="IServerStore"/>, and the
    /// pruning of the change log behind the streams; call after AddGatewayStore.
    /// </summary>
    public static IServiceCollection AddFleetStore(this IServiceCollection services)
    {
        services.AddSingleton<IChangeFeed>(Store);
        services.AddSingleton<IChangeLogPruning>(Store);
        services.AddHostedService<ChangeLogPruner>();
        services.AddSingleton<IReportStatistics>(Store);
        services.AddSingleton<IServerStore>(Store);
        services.AddSingleton<ILockTargetStore>(Store);
        return services;
    }

    // Every store behind IDecisionStore is a RelationalStore, which implements the fleet interfaces too.
    private static RelationalStore Store(IServiceProvider services) => (RelationalStore)services.GetRequiredService<IDecisionStore>();
}
