using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>A gateway that cannot use its database stops at start with a message naming the key and the server.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class StartupErrorTests
{
    private readonly PostgresCluster _cluster;

    public StartupErrorTests(PostgresCluster cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task MigrateAsync_WrongPassword_FailsNamingTheKeyServerAndReason()
    {
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => MigrateAsync(_cluster.ConnectionString(password: "not-the-password")));

        Assert.Contains("Storage:PostgresConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{_cluster.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_NothingListensOnThePort_FailsNamingTheKeyAndServer()
    {
        int closedPort = Loopback.FreeTcpPort();
        string connection = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString()) { Port = closedPort, Timeout = 3 }.ToString();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => MigrateAsync(connection));

        Assert.Contains("Storage:PostgresConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MigrateAsync_TwoGatewaysStartingAtOnce_BothSucceedAndTheSchemaIsAppliedOnce()
    {
        string database = _cluster.CreateDatabase();
        try
        {
            await using var a = new PostgresStore(_cluster.ConnectionString(database), TimeProvider.System);
            await using var b = new PostgresStore(_cluster.ConnectionString(database), TimeProvider.System);

            await Task.WhenAll(a.MigrateAsync(CancellationToken.None).AsTask(), b.MigrateAsync(CancellationToken.None).AsTask());

            Assert.Equal(Enumerable.Range(1, a.LatestSchemaVersion), await a.AppliedVersionsAsync(CancellationToken.None));
        }
        finally
        {
            await _cluster.DropDatabaseAsync(database);
        }
    }

    private static async Task MigrateAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddGatewayStore(configuration).BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
    }
}
