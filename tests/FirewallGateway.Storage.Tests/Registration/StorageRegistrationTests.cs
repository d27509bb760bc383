using System.Globalization;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Postgres;
using FirewallGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Storage.Tests.Registration;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-reg-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AddSqliteStore_MissingFolder_CreatesItAndServesOneInstanceUnderEveryInterface()
    {
        string path = Path.Combine(_folder, "a", "b", "gateway.db");
        await using var provider = new ServiceCollection().AddSqliteStore(path).BuildServiceProvider();

        var migrator = provider.GetRequiredService<IStoreMigrator>();
        object[] all =
        [
            provider.GetRequiredService<IDecisionStore>(),
            provider.GetRequiredService<IDispatchOutbox>(),
            provider.GetRequiredService<IAllowListStore>(),
            provider.GetRequiredService<ITargetStore>(),
            provider.GetRequiredService<ICredentialStore>(),
        ];
        await migrator.MigrateAsync(CancellationToken.None);

        Assert.True(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.IsType<SqliteStore>(migrator);
        Assert.All(all, store => Assert.Same(migrator, store));
        Assert.Equal(0, await provider.GetRequiredService<IDecisionStore>().CountActiveDecisionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddGatewayStore_SqliteProvider_UsesTheConfiguredPath()
    {
        string path = Path.Combine(_folder, "db", "gw.db");
        var services = new ServiceCollection().AddGatewayStore(Config(("Storage:Provider", "sqlite"), ("Storage:SqlitePath", path)));
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<SqliteStore>(provider.GetRequiredService<IDecisionStore>());

        Assert.Equal(path, store.DatabasePath);
        Assert.Equal(path, provider.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath);
    }

    [Fact]
    public async Task AddGatewayStore_PostgresProvider_RegistersThePostgresStore()
    {
        var services = new ServiceCollection().AddGatewayStore(Config(
            ("Storage:Provider", "postgres"), ("Storage:PostgresConnectionString", "Host=127.0.0.1;Port=1;Database=x;Username=y")));
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<PostgresStore>(provider.GetRequiredService<ITargetStore>());
        Assert.Same(provider.GetRequiredService<ITargetStore>(), provider.GetRequiredService<IDispatchOutbox>());
    }

    [Fact]
    public void AddGatewayStore_UnknownProvider_FailsNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => new ServiceCollection().AddGatewayStore(Config(("Storage:Provider", "mysql"))));

        Assert.Contains("Storage:Provider must be 'sqlite' or 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGatewayStore_PostgresWithoutConnectionString_FailsNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => new ServiceCollection().AddGatewayStore(Config(("Storage:Provider", "postgres"))));

        Assert.Contains("Storage:PostgresConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGatewayStore_MisspeltKey_Fails()
    {
        var error = Assert.ThrowsAny<InvalidOperationException>(
            () => new ServiceCollection().AddGatewayStore(Config(("Storage:SqlitePth", "x.db"))));

        Assert.Contains("SqlitePth", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "", null, "Storage:SqlitePath must name the database file")]
    [InlineData("postgres", "x", "Host=h;Bogus Key=1", "Storage:PostgresConnectionString is not a valid connection string")]
    [InlineData("", "x", null, "Storage:Provider must be 'sqlite' or 'postgres'")]
    public void Validate_BadValues_NameTheKey(string provider, string path, string? connection, string expected)
    {
        var result = new StorageOptionsValidator().Validate(
            null, new StorageOptions { Provider = provider, SqlitePath = path, PostgresConnectionString = connection });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownSynchronousSetting_NamesTheKey()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { SqliteSynchronous = "off" });

        Assert.True(result.Failed);
        Assert.Contains("Storage:SqliteSynchronous must be 'normal' or 'full' (was 'off')", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00", "00:10:00", "Storage:ChangeLogRetention must be between 00:00:01 and 365.00:00:00 (was 00:00:00)")]
    [InlineData("366.00:00:00", "00:10:00", "Storage:ChangeLogRetention must be between")]
    [InlineData("1.00:00:00", "00:00:00.5", "Storage:ChangeLogPruneInterval must be between 00:00:01 and 1.00:00:00 (was 00:00:00.5000000)")]
    [InlineData("1.00:00:00", "2.00:00:00", "Storage:ChangeLogPruneInterval must be between")]
    public void Validate_ChangeLogPeriodsOutOfRange_NameTheKey(string retention, string interval, string expected)
    {
        var options = new StorageOptions
        {
            ChangeLogRetention = TimeSpan.Parse(retention, CultureInfo.InvariantCulture),
            ChangeLogPruneInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture),
        };

        var result = new StorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("normal", 1L)]
    [InlineData("full", 2L)]
    public async Task AddGatewayStore_SqliteSynchronous_SetsTheWritersSynchronousMode(string? setting, long expected)
    {
        var values = new List<(string, string)> { ("Storage:SqlitePath", Path.Combine(_folder, "sync.db")) };
        if (setting is not null)
        {
            values.Add(("Storage:SqliteSynchronous", setting));
        }

        await using var provider = new ServiceCollection().AddGatewayStore(Config([.. values])).BuildServiceProvider();
        var store = Assert.IsType<SqliteStore>(provider.GetRequiredService<IStoreMigrator>());

        Assert.Equal(expected, store.WriterPragma("synchronous"));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new StorageOptions();

        Assert.Equal("sqlite", options.Provider);
        Assert.Equal("data/firewallgateway.db", options.SqlitePath);
        Assert.Equal("normal", options.SqliteSynchronous);
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromMinutes(10)), (options.ChangeLogRetention, options.ChangeLogPruneInterval));
        Assert.True(new StorageOptionsValidator().Validate(null, options).Succeeded);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
