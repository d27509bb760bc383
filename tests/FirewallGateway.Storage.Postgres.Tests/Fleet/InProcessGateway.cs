using FirewallGateway.Core;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>
/// A gateway without HTTP: the host's store, decision core and dispatch registrations on the real PostgreSQL,
/// one target "edge" on the shared firewall. Its hosted services start and stop as the web host would run them.
/// </summary>
internal sealed class InProcessGateway : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private InProcessGateway(ServiceProvider services, FirewallConnection firewall)
    {
        _services = services;
        Firewall = firewall;
    }

    public FirewallConnection Firewall { get; }

    public IReportSink Sink => _services.GetRequiredService<IReportSink>();

    public IDecisionStore Decisions => _services.GetRequiredService<IDecisionStore>();

    public IDispatchOutbox Outbox => _services.GetRequiredService<IDispatchOutbox>();

    public IAllowListStore AllowList => _services.GetRequiredService<IAllowListStore>();

    public AddressFilter Filter => _services.GetRequiredService<AddressFilter>();

    public static async Task<InProcessGateway> StartAsync(string name, string connectionString, SharedFirewall firewall, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = connectionString,
            ["Storage:PostgresLeaseCheckInterval"] = "00:00:00.2",

            // A poll this long proves the driving gateway is woken by NOTIFY, not by its timer.
            ["Dispatch:PollInterval"] = "00:05:00",
            ["Dispatch:LeaseRetryInterval"] = "00:00:00.25",
            ["Dispatch:BatchSize"] = "50",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.1",
        }).Build();
        var connection = new FirewallConnection(firewall, name);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddGatewayStore(configuration);
        services.AddGatewayCore(configuration);
        services.AddGatewayDispatch(configuration);
        services.AddSingleton<IFirewallAdapter>(connection);
        var provider = services.BuildServiceProvider();
        var gateway = new InProcessGateway(provider, connection);
        try
        {
            // What GatewayStartup does before any worker runs.
            await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
            await provider.GetRequiredService<ITargetStore>().SyncTargetsAsync([(FirewallConnection.Target, "test")], cancellationToken);
            await provider.GetRequiredService<OperatorActions>().RefreshAllowListAsync(cancellationToken);
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
                gateway._started.Add(hosted);
            }
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Npgsql.NpgsqlException or StoreUnavailableException)
            {
                // A "killed" gateway cannot reach the database any more; stopping it only has to end its tasks.
            }
        }

        await _services.DisposeAsync();
    }
}
