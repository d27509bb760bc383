using System.Text.RegularExpressions;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TargetSnmp;

namespace FirewallGateway.Targets;

/// <summary>
/// The targets named under <c>Targets:</c>: each section's <c>Kind</c> picks an adapter kind, whose own checks
/// run without I/O. Every problem of every target is gathered and reported at once, each naming its key, and
/// the gateway does not start until the configuration is right.
/// </summary>
internal sealed partial class ConfiguredTargets
{
    public const string SectionName = "Targets";

    private readonly Dictionary<string, IFirewallAdapter> _adapters = new(StringComparer.Ordinal);

    public ConfiguredTargets(IConfiguration configuration, IEnumerable<IFirewallAdapterKind> kinds, IServiceProvider services)
    {
        var byKind = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
        var problems = new List<string>();
        var valid = new List<(IConfigurationSection Section, IFirewallAdapterKind Kind)>();
        foreach (var fullSection in configuration.GetSection(SectionName).GetChildren())
        {
            // Snmp is the host's (health polling), not the kind's: the kind never sees it.
            var section = new SectionWithout(fullSection, TargetSnmpOptions.SectionName);
            if (!NamePattern().IsMatch(section.Key))
            {
                problems.Add($"{section.Path} is not a valid target name (letters, digits, '-' and '_', at most 64)");
                continue;
            }

            string? kindName = section["Kind"];
            if (string.IsNullOrEmpty(kindName))
            {
                problems.Add($"{section.Path}:Kind is required: one of {string.Join(", ", byKind.Keys.Order())}");
            }
            else if (!byKind.TryGetValue(kindName, out var kind))
            {
                problems.Add($"{section.Path}:Kind '{kindName}' is not a known kind: one of {string.Join(", ", byKind.Keys.Order())}");
            }
            else
            {
                var found = kind.Validate(section);
                problems.AddRange(found);
                if (found.Count == 0)
                {
                    valid.Add((section, kind));
                    var hosts = kind.RemoteHosts(section);
                    ReadSnmp(fullSection, hosts.Count > 0 ? hosts[0] : null, problems);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid target configuration:" + Environment.NewLine + " - " + string.Join(Environment.NewLine + " - ", problems));
        }

        foreach (var (section, kind) in valid)
        {
            _adapters[section.Key] = kind.Create(section.Key, section, services);
            Registrations.Add((section.Key, kind.Kind));
            RemoteHosts.AddRange(kind.RemoteHosts(section).Select(host => (section.Key, host)));
        }
    }

    /// <summary>(target name, options) of every target polled by SNMP.</summary>
    public List<(string Target, TargetSnmpOptions Options)> SnmpTargets { get; } = [];

    /// <summary>(name, kind) of every configured target, for the store's target table.</summary>
    public List<(string Name, string Kind)> Registrations { get; } = [];

    /// <summary>(target name, host) of every host a configured target talks to, as its kind reports them.</summary>
    public List<(string Target, string Host)> RemoteHosts { get; } = [];

    public IFirewallAdapter Get(string name) => _adapters[name];

    private void ReadSnmp(IConfigurationSection target, string? targetHost, List<string> problems)
    {
        var snmp = target.GetSection(TargetSnmpOptions.SectionName);
        if (snmp.Exists() && TargetSnmpOptionsReader.Read(snmp, targetHost, problems) is { } options)
        {
            SnmpTargets.Add((target.Key, options));
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex NamePattern();
}
