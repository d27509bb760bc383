using FirewallGateway.Receivers.SnmpTrap;
using FirewallGateway.Receivers.Syslog;
using FirewallGateway.Reports;
using FirewallGateway.Storage;
using FirewallGateway.Targets;

namespace FirewallGateway.Protection;

/// <summary>
/// Gathers, from the configuration the gateway runs with, every host it must never ban: its HTTP, syslog and
/// SNMP trap listen addresses, the hosts each target kind says it talks to, the PostgreSQL hosts and the SMTP relay.
/// Derived, never listed by hand, so a new target or store is protected from its first start.
/// </summary>
internal static class ProtectedHostSources
{
    public static List<ProtectedHost> Collect(IConfiguration configuration, ConfiguredTargets targets)
    {
        var hosts = new List<ProtectedHost>();
        foreach (string host in HttpListenHosts(configuration))
        {
            hosts.Add(new ProtectedHost("listen address", host));
        }

        var syslog = configuration.GetSection(SyslogReceiverOptions.SectionName).Get<SyslogReceiverOptions>() ?? new SyslogReceiverOptions();
        if (syslog.Enabled)
        {
            if (syslog.Udp.Enabled)
            {
                hosts.Add(new ProtectedHost("syslog UDP listen address", syslog.Udp.Address));
            }

            if (syslog.Tcp.Enabled)
            {
                hosts.Add(new ProtectedHost("syslog TCP listen address", syslog.Tcp.Address));
            }
        }

        var snmpTrap = configuration.GetSection(SnmpTrapReceiverOptions.SectionName).Get<SnmpTrapReceiverOptions>() ?? new SnmpTrapReceiverOptions();
        if (snmpTrap.Enabled && SnmpTrapReceiverOptionsValidator.ToEndPoint(snmpTrap.Listen) is { } trapListen)
        {
            hosts.Add(new ProtectedHost("SNMP trap listen address", trapListen.Address.ToString()));
        }

        foreach (var (target, host) in targets.RemoteHosts)
        {
            hosts.Add(new ProtectedHost($"target '{target}' host", host));
        }

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        foreach (string host in StorageHosts.Remote(storage))
        {
            hosts.Add(new ProtectedHost("PostgreSQL host", host));
        }

        string? smtp = configuration[$"{EmailReportOptions.SectionName}:{nameof(EmailReportOptions.SmtpHost)}"];
        if (!string.IsNullOrWhiteSpace(smtp))
        {
            hosts.Add(new ProtectedHost("SMTP relay", smtp.Trim()));
        }

        return hosts;
    }

    /// <summary>
    /// The hosts of the HTTP listen URLs (<c>urls</c>, <c>--urls</c>, <c>ASPNETCORE_URLS</c>, Kestrel endpoints);
    /// <c>http_ports</c> listens on every address; nothing configured means ASP.NET Core's default, localhost.
    /// </summary>
    public static List<string> HttpListenHosts(IConfiguration configuration)
    {
        var hosts = new List<string>();
        hosts.AddRange(HostsOfUrls(configuration["urls"]));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            hosts.AddRange(HostsOfUrls(endpoint["Url"]));
        }

        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            hosts.Add("*");
        }

        if (hosts.Count == 0)
        {
            hosts.Add("localhost");
        }

        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The host part of each ';'-separated URL: <c>http://[::1]:8080</c> → <c>::1</c>; unix sockets are skipped.</summary>
    public static IEnumerable<string> HostsOfUrls(string? urls)
    {
        foreach (string url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int scheme = url.IndexOf("://", StringComparison.Ordinal);
            string rest = scheme >= 0 ? url[(scheme + 3)..] : url;
            if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                rest = rest[..slash];
            }

            string host;
            if (rest.StartsWith('['))
            {
                int end = rest.IndexOf(']', StringComparison.Ordinal);
                host = end > 0 ? rest[1..end] : rest[1..];
            }
            else
            {
                int colon = rest.LastIndexOf(':');
                host = colon >= 0 ? rest[..colon] : rest;
            }

            if (host.Length > 0)
            {
                yield return host;
            }
        }
    }
}
