using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Core.Enforcement;

/// <summary>
/// A kind of target ("nftables", "routeros", "fail2ban-ssh"), registered once per adapter project. The host
/// creates one adapter per <c>Targets:&lt;name&gt;</c> section whose <c>Kind</c> names this kind.
/// </summary>
public interface IFirewallAdapterKind
{
    /// <summary>The value of <c>Targets:&lt;name&gt;:Kind</c> that selects this kind.</summary>
    string Kind { get; }

    /// <summary>
    /// Checks the section without any I/O and returns every problem found, each naming the full key path
    /// (<c>Targets:core-router:Port must be between 1 and 65535</c>). Unknown keys are problems too.
    /// </summary>
    IReadOnlyList<string> Validate(IConfigurationSection section);

    /// <summary>
    /// The hosts (addresses or DNS names, as configured) a target of a section that passed <see cref="Validate"/>
    /// talks to; the gateway never bans them, so no report can cut it off its own targets. Empty for a target on
    /// this machine. Each kind knows its own keys, so the core needs to know none of them.
    /// </summary>
    IReadOnlyList<string> RemoteHosts(IConfigurationSection section);

    /// <summary>Creates the adapter for a section that passed <see cref="Validate"/>.</summary>
    IFirewallAdapter Create(string targetName, IConfigurationSection section, IServiceProvider services);
}
