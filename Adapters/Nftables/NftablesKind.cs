using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>The target kind <c>nftables</c>: local nftables sets, optionally inside a network namespace.</summary>
internal sealed class NftablesKind : IFirewallAdapterKind
{
    public const string Name = "nftables";

    public string Kind => Name;

    public IReadOnlyList<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        NftablesOptionsReader.Read(section, problems);
        return problems;
    }

    /// <summary>None: nft runs on this machine (or in one of its namespaces), whose addresses the listen addresses cover.</summary>
    public IReadOnlyList<string> RemoteHosts(IConfigurationSection section) => [];

    public IFirewallAdapter Create(string targetName, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(services);
        var problems = new List<string>();
        var options = NftablesOptionsReader.Read(section, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<NftablesAdapter>() ?? (ILogger)NullLogger.Instance;
        return new NftablesAdapter(targetName, options, new NftProcessRunner(options, time), time, logger);
    }
}
