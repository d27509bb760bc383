using FirewallGateway.Core;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Storage.Postgres.Tests.Merge;

/// <summary>
/// The gateway's real store and decision writer (nothing else is started: no dispatch, no expiry sweep) on a configured provider, with the
/// clock the test gives: reports go in through <see cref="IReportSink"/> exactly as the receivers send them.
/// </summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    public static readonly (string Name, string Kind)[] Targets = [("edge", "nftables"), ("core", "routeros")];

    private readonly ServiceProvider _services;
    private readonly IHostedService _writer;

    private WriterHarness(ServiceProvider services, IHostedService writer)
    {
        _services = services;
        _writer = writer;
    }

    public IReportSink Sink => _services.GetRequiredService<IReportSink>();

    public IDecisionStore Decisions => _services.GetRequiredService<IDecisionStore>();

    public IDispatchOutbox Outbox => _services.GetRequiredService<IDispatchOutbox>();

    // Every store behind IDecisionStore implements the change feed too (the fleet registrations are not needed here).
    public IChangeFeed Changes => (IChangeFeed)Decisions;

    public static async Task<WriterHarness> StartAsync(
        IReadOnlyDictionary<string, string?> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddGatewayStore(configuration);
        services.AddGatewayCore(configuration);
        services.AddGatewayDispatch(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        await provider.GetRequiredService<ITargetStore>().SyncTargetsAsync(Targets, cancellationToken);
        await provider.GetRequiredService<OperatorActions>().RefreshAllowListAsync(cancellationToken);
        var writer = provider.GetServices<IHostedService>().Single(s => s.GetType().Name == "DecisionWriter");
        await writer.StartAsync(cancellationToken);
        return new WriterHarness(provider, writer);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _writer.StopAsync(stopping.Token);
        await _services.DisposeAsync();
    }
}
