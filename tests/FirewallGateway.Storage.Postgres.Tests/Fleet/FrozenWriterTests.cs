using FirewallGateway.Storage.Postgres.Tests.Cluster;
using FirewallGateway.TestSupport;
using Npgsql;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>A gateway frozen inside a write transaction does not stall the fleet's writes for good.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class FrozenWriterTests
{
    private readonly PostgresCluster _cluster;

    public FrozenWriterTests(PostgresCluster cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task BeginWriteAsync_OtherGatewayIdleInsideItsTransaction_ProceedsWhenTheServerEndsThatSession()
    {
        string database = _cluster.CreateDatabase();
        try
        {
            // The store sets a 60 s limit unless the connection string brings its own; 1 s keeps the test short.
            string frozenConnection = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString(database, "frozen"))
            {
                Options = "-c idle_in_transaction_session_timeout=1000",
            }.ToString();
            await using var frozenStore = new PostgresStore(frozenConnection, TimeProvider.System);
            await using var other = new PostgresStore(_cluster.ConnectionString(database, "other"), TimeProvider.System);
            await frozenStore.MigrateAsync(CancellationToken.None);
            var frozen = await frozenStore.BeginWriteAsync(CancellationToken.None);

            // The frozen gateway holds the write lock and does nothing more.
            await using var next = await other.BeginWriteAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            await next.InsertDecisionAsync(
                new Core.Decisions.Decision(0, Some.PublicIPv4(), Core.Decisions.ReportSource.Fail2ban, "sshd", Some.Start, Some.Start, Some.Start.AddHours(1), 1, Core.Decisions.DecisionState.Active),
                CancellationToken.None);
            await next.CommitAsync(CancellationToken.None);

            await Assert.ThrowsAnyAsync<Exception>(async () => await frozen.CommitAsync(CancellationToken.None));
            await frozen.DisposeAsync();
            Assert.Equal(1, await other.CountActiveDecisionsAsync(CancellationToken.None));
        }
        finally
        {
            await _cluster.DropDatabaseAsync(database);
        }
    }
}
