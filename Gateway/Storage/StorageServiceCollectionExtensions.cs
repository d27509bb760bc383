using FirewallGateway.Core;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres;
using FirewallGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Storage;

/// <summary>Registers the store: one singleton behind all six Core storage interfaces.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads and validates section <c>Storage</c> now (the provider decides what is registered) and registers
    /// the chosen store. Call <see cref="IStoreMigrator.MigrateAsync"/> at start before anything uses it.
    /// </summary>
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageOptions.SectionName);
        var options = section.Get<StorageOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new StorageOptions();
        var validator = new StorageOptionsValidator();
        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), result.Failures);
        }

        services.AddValidatedOptions(configuration, StorageOptions.SectionName, validator);
        return options.Provider == "postgres"
            ? services.AddPostgresStore(options.PostgresConnectionString!, options.PostgresLeaseCheckInterval)
            : services.AddSqliteStore(options.SqlitePath, options.SqliteSynchronous == "full");
    }

    /// <summary>
    /// Registers the SQLite store on <paramref name="databasePath"/> (its folder is created if missing);
    /// <paramref name="syncEveryCommit"/> is <c>Storage:SqliteSynchronous = full</c>.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string databasePath, bool syncEveryCommit = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        string fullPath = Path.GetFullPath(databasePath);
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            PrivateFiles.CreateFolder(directory);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteStore(fullPath, sp.GetRequiredService<TimeProvider>(), syncEveryCommit));
        return services.AddStoreInterfaces<SqliteStore>();
    }

    /// <summary>
    /// Registers the PostgreSQL store for several gateways sharing one database, with what makes them one fleet:
    /// target leases (one gateway drives each target; call before AddGatewayDispatch, whose single-gateway
    /// leases are only a fallback) and the LISTEN/NOTIFY listener that wakes this gateway's workers for changes
    /// queued on any gateway.
    /// </summary>
    public static IServiceCollection AddPostgresStore(this IServiceCollection services, string connectionString, TimeSpan? leaseCheckInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PostgresStore(connectionString, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITargetLeases>(sp => new PostgresTargetLeases(
            sp.GetRequiredService<PostgresStore>().Sessions,
            leaseCheckInterval ?? TimeSpan.FromSeconds(2),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresTargetLeases>>()));

        // Without dispatch (a CLI tool on the store) nothing waits for wake-ups, so nothing listens.
        services.AddSingleton<IHostedService>(sp => sp.GetService<IOutboxSignal>() is { } signal
            ? (IHostedService)new PostgresOutboxListener(
                sp.GetRequiredService<PostgresStore>().Sessions,
                signal,
                sp.GetService<OperatorActions>() is { } operators ? operators.RefreshAllowListAsync : null,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PostgresOutboxListener>>())
            : NoListener.Instance);
        return services.AddStoreInterfaces<PostgresStore>();
    }

    private static IServiceCollection AddStoreInterfaces<TStore>(this IServiceCollection services)
        where TStore : RelationalStore
    {
        services.AddSingleton<IStoreMigrator>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDecisionStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDispatchOutbox>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IAllowListStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ITargetStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ICredentialStore>(sp => sp.GetRequiredService<TStore>());
        return services;
    }
}
