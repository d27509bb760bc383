using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Storage.Postgres.Tests.Registration;

/// <summary>What <c>Storage:Provider = postgres</c> registers, and the checks on its keys.</summary>
public sealed class PostgresRegistrationTests
{
    [Fact]
    public async Task AddGatewayStore_Postgres_RegistersFleetLeasesBeforeTheSingleGatewayFallback()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddGatewayStore(Config(("Storage:Provider", "postgres"), ("Storage:PostgresConnectionString", "Host=127.0.0.1;Port=1;Database=x;Username=y")));
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<PostgresTargetLeases>(provider.GetRequiredService<ITargetLeases>());
    }

    [Theory]
    [InlineData("00:00:00.05")]
    [InlineData("00:02:00")]
    public void AddGatewayStore_LeaseCheckIntervalOutOfRange_FailsNamingTheKey(string interval)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddGatewayStore(Config(
            ("Storage:Provider", "postgres"),
            ("Storage:PostgresConnectionString", "Host=127.0.0.1;Database=x;Username=y"),
            ("Storage:PostgresLeaseCheckInterval", interval))));

        Assert.Contains("Storage:PostgresLeaseCheckInterval must be between", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
