using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.Targets;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Protection;

/// <summary>
/// Keeps <see cref="AddressFilter"/>'s protected set in step with the configuration: computed before any
/// receiver starts (<see cref="RefreshAsync"/> from <c>GatewayStartup</c>), then re-resolved every
/// <c>Policy:ProtectedHostRefreshInterval</c> while DNS names or wildcard listen addresses are configured. When the set grows, active
/// decisions it covers are lifted, so a target that moved to a banned address gets its unban.
/// </summary>
internal sealed partial class SelfProtection : BackgroundService
{
    private readonly IReadOnlyList<ProtectedHost> _hosts;
    private readonly ProtectedHostResolver _resolver;
    private readonly AddressFilter _filter;
    private readonly OperatorActions _actions;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<SelfProtection> _logger;

    public SelfProtection(
        IConfiguration configuration,
        ConfiguredTargets targets,
        AddressFilter filter,
        OperatorActions actions,
        IOptions<PolicyOptions> policy,
        TimeProvider time,
        ILogger<SelfProtection> logger)
    {
        _hosts = ProtectedHostSources.Collect(configuration, targets);
        _resolver = new ProtectedHostResolver(logger);
        _filter = filter;
        _actions = actions;
        _refreshInterval = policy.Value.ProtectedHostRefreshInterval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Resolves every protected host and swaps the filter's set; true when the set changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var addresses = await _resolver.ResolveAsync(_hosts, cancellationToken);
        bool changed = !addresses.SequenceEqual(_filter.Protected);
        if (changed)
        {
            _filter.ReplaceProtected(addresses);
            string described = string.Join("; ", addresses.Select(a => a.Description));
            Log.ProtectedSet(_logger, addresses.Count, described);
        }

        return changed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Names and the machine's interface addresses (a wildcard listen address) can change while it runs;
        // literal addresses cannot.
        if (_hosts.All(h => !h.IsWildcard && System.Net.IPAddress.TryParse(h.Host, out _)))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_refreshInterval, _time, stoppingToken);
                if (await RefreshAsync(stoppingToken))
                {
                    await _actions.LiftRefusedDecisionsAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be briefly away; the next round tries again and the old set stays in force.
                Log.RefreshFailed(_logger, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1103, Level = LogLevel.Information,
            Message = "Self-protection: {Count} address(es) are never banned: {Addresses}")]
        public static partial void ProtectedSet(ILogger logger, int count, string addresses);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Self-protection refresh failed: {Error}")]
        public static partial void RefreshFailed(ILogger logger, string error);
    }
}
