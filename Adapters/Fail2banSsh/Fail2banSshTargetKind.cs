using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>The <c>fail2ban-ssh</c> kind: validates a target section and creates its adapter.</summary>
internal sealed class Fail2banSshTargetKind : IFirewallAdapterKind
{
    public string Kind => Fail2banSshOptions.KindName;

    public IReadOnlyList<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Fail2banSshOptionsValidator.Validate(section);
    }

    public IReadOnlyList<string> RemoteHosts(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return string.IsNullOrWhiteSpace(section["Host"]) ? [] : [section["Host"]!.Trim()];
    }

    public IFirewallAdapter Create(string targetName, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = section.Get<Fail2banSshOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new Fail2banSshOptions();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("FirewallGateway.Adapters.Fail2banSsh." + targetName)
            ?? NullLogger.Instance;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new Fail2banSshAdapter(targetName, options, new SshConnection(targetName, options, logger), logger, time);
    }
}
