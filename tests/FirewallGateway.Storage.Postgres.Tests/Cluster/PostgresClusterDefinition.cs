namespace FirewallGateway.Storage.Postgres.Tests.Cluster;

/// <summary>Every test class of this project shares one cluster; each test gets a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterDefinition : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
