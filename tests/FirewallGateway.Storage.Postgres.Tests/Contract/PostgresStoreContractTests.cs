using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.Storage.Tests.Contract;

namespace FirewallGateway.Storage.Postgres.Tests.Contract;

/// <summary>The store contract (the same source the SQLite store passes) against a real PostgreSQL, a fresh database per test.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly PostgresCluster _cluster;
    private readonly string _database;

    public PostgresStoreContractTests(PostgresCluster cluster)
    {
        _cluster = cluster;
        _database = cluster.CreateDatabase();
    }

    private protected override RelationalStore OpenStore() =>
        new PostgresStore(_cluster.ConnectionString(_database), TimeProvider.System);

    protected override Task DeleteDatabaseAsync() => _cluster.DropDatabaseAsync(_database);
}
