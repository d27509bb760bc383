using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Protection;
using FirewallGateway.Targets;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// Runs before every other part starts: checks the target configuration, migrates the store, records the
/// configured targets, loads the allow-list, computes the protected addresses, lifts the active decisions that
/// either now covers, creates the first operator login, and says plainly when no enforcing target is configured.
/// </summary>
internal sealed partial class GatewayStartup : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly ILogger<GatewayStartup> _logger;

    public GatewayStartup(IServiceProvider services, ILogger<GatewayStartup> logger)
    {
        _services = services;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var targets = _services.GetRequiredService<ConfiguredTargets>();
        await _services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        await _services.GetRequiredService<ITargetStore>().SyncTargetsAsync(targets.Registrations, cancellationToken);
        var actions = _services.GetRequiredService<OperatorActions>();
        await actions.RefreshAllowListAsync(cancellationToken);
        await _services.GetRequiredService<SelfProtection>().RefreshAsync(cancellationToken);

        // A Policy:AllowList entry or a protected host added since the last run lifts what it covers, as the API does.
        foreach (var (decision, why) in await actions.LiftRefusedDecisionsAsync(cancellationToken))
        {
            Log.DecisionLifted(_logger, decision.Id, decision.Address.ToString(), why);
        }

        var options = _services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        string? created = await AdminBootstrap.EnsureOperatorAsync(
            _services.GetRequiredService<ICredentialStore>(), options, _services.GetRequiredService<TimeProvider>(), cancellationToken);
        if (created is not null)
        {
            Log.OperatorCreated(_logger, options.BootstrapOperator, created);
        }

        if (targets.Registrations.Count == 0)
        {
            Log.NoTargets(_logger);
        }
        else
        {
            foreach (var (name, kind) in targets.Registrations)
            {
                Log.TargetConfigured(_logger, name, kind);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
            Message = "No enforcing target is configured: reports are stored and decisions made, but NOTHING is blocked. Configure Targets:<name>:Kind (nftables, routeros, fail2ban-ssh)")]
        public static partial void NoTargets(ILogger logger);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Target {Target} ({Kind}) configured")]
        public static partial void TargetConfigured(ILogger logger, string target, string kind);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Created operator login '{Name}'; its password is in {Path} (readable by root only)")]
        public static partial void OperatorCreated(ILogger logger, string name, string path);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Decision {Id} for {Address} lifted at start: {Why}; unbans queued for every target")]
        public static partial void DecisionLifted(ILogger logger, long id, string address, string why);
    }
}
