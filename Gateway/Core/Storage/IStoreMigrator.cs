namespace FirewallGateway.Core.Storage;

/// <summary>Brings the schema to the newest version; run once at start before anything else touches the store.</summary>
public interface IStoreMigrator
{
    ValueTask MigrateAsync(CancellationToken cancellationToken);
}
