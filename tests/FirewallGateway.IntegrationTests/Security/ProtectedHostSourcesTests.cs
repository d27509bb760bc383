using System.Net;
using System.Net.Sockets;
using FirewallGateway.Adapters.Fail2banSsh;
using FirewallGateway.Adapters.Nftables;
using FirewallGateway.Adapters.RouterOs;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Protection;
using FirewallGateway.Storage;
using FirewallGateway.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>Which hosts the gateway derives from its configuration as never-banned, and how they are resolved (unit level).</summary>
public sealed class ProtectedHostSourcesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1")]
    [InlineData("http://[::1]:8080;https://1.0.3.4:8443/", "::1,1.0.3.4")]
    [InlineData("http://*:80", "*")]
    [InlineData("http://+:80", "+")]
    [InlineData("http://0.0.0.0:80", "0.0.0.0")]
    [InlineData("http://[::]:80", "::")]
    [InlineData("http://gw.example.net:80/base", "gw.example.net")]
    [InlineData("http://unix:/run/fgw.sock", "")]
    public void HostsOfUrls_EachUrlForm_HostPart(string urls, string expected) =>
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), ProtectedHostSources.HostsOfUrls(urls));

    [Fact]
    public void Collect_FullConfiguration_EveryDependedOnHostNamedByRole()
    {
        var configuration = Configuration(new()
        {
            ["urls"] = "http://1.0.8.1:8080",
            ["Kestrel:Endpoints:api:Url"] = "https://1.0.8.2:8443",
            ["Receivers:Syslog:Enabled"] = "true",
            ["Receivers:Syslog:Udp:Address"] = "1.0.8.3",
            ["Receivers:Syslog:Tcp:Enabled"] = "false",
            ["Targets:edge:Kind"] = "routeros",
            ["Targets:edge:Host"] = "router.lan",
            ["Targets:edge:User"] = "u",
            ["Targets:edge:Password"] = "p",
            ["Targets:central:Kind"] = "fail2ban-ssh",
            ["Targets:central:Host"] = "1.0.8.4",
            ["Targets:central:User"] = "fgw",
            ["Targets:central:KeyFile"] = "/k",
            ["Targets:central:TrustOnFirstUse"] = "true",
            ["Targets:central:Jail"] = "gateway",
            ["Targets:local:Kind"] = "nftables",
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = "Host=db1.lan,1.0.8.5:5433,/run/postgresql;Database=fgw;Username=fgw",
            ["Reports:SmtpHost"] = "smtp.lan",
        });
        var targets = new ConfiguredTargets(configuration, Kinds(), new ServiceCollection().BuildServiceProvider());

        var hosts = ProtectedHostSources.Collect(configuration, targets);

        Assert.Equal(
            [
                new ProtectedHost("listen address", "1.0.8.1"),
                new ProtectedHost("listen address", "1.0.8.2"),
                new ProtectedHost("syslog UDP listen address", "1.0.8.3"),
                new ProtectedHost("target 'central' host", "1.0.8.4"),
                new ProtectedHost("target 'edge' host", "router.lan"),
                new ProtectedHost("PostgreSQL host", "db1.lan"),
                new ProtectedHost("PostgreSQL host", "1.0.8.5"),
                new ProtectedHost("SMTP relay", "smtp.lan"),
            ],
            hosts);
    }

    [Fact]
    public void Collect_NothingConfigured_DefaultListenAddressOnly()
    {
        var configuration = Configuration([]);
        var hosts = ProtectedHostSources.Collect(configuration, new ConfiguredTargets(configuration, Kinds(), new ServiceCollection().BuildServiceProvider()));
        Assert.Equal([new ProtectedHost("listen address", "localhost")], hosts);
    }

    [Fact]
    public void StorageHosts_Sqlite_None() => Assert.Empty(StorageHosts.Remote(new StorageOptions()));

    [Fact]
    public async Task Resolve_LiteralWildcardAndName_AddressesDescribedByTheirHost()
    {
        var resolver = new ProtectedHostResolver(
            NullLogger.Instance,
            (name, _) => Task.FromResult(name == "router.lan" ? new[] { IPAddress.Parse("1.0.3.4"), IPAddress.Parse("::ffff:1.0.3.5") } : []),
            () => [IPAddress.Parse("1.0.9.9"), IPAddress.Parse("fe80::1%2")]);

        var addresses = await resolver.ResolveAsync(
            [new ProtectedHost("target 'edge' host", "router.lan"), new ProtectedHost("listen address", "0.0.0.0"), new ProtectedHost("SMTP relay", "1.0.7.7")],
            CancellationToken.None);

        Assert.Equal(
            [
                "1.0.3.4 target 'edge' host router.lan (1.0.3.4)",
                "1.0.3.5 target 'edge' host router.lan (1.0.3.5)",
                "1.0.9.9 listen address 0.0.0.0 (interface address 1.0.9.9)",
                "fe80::1 listen address 0.0.0.0 (interface address fe80::1)",
                "1.0.7.7 SMTP relay 1.0.7.7",
            ],
            addresses.Select(a => $"{a.Address} {a.Description}"));
    }

    [Fact]
    public async Task Resolve_LookupFailsLater_KeepsTheAddressesResolvedBefore()
    {
        bool dnsDown = false;
        var resolver = new ProtectedHostResolver(
            NullLogger.Instance,
            (_, _) => dnsDown ? throw new SocketException((int)SocketError.TryAgain) : Task.FromResult(new[] { IPAddress.Parse("1.0.3.4") }),
            () => []);
        ProtectedHost[] hosts = [new ProtectedHost("target 'edge' host", "router.lan")];

        Assert.Single(await resolver.ResolveAsync(hosts, CancellationToken.None));
        dnsDown = true;
        var kept = await resolver.ResolveAsync(hosts, CancellationToken.None);

        Assert.Equal("1.0.3.4", Assert.Single(kept).Address.ToString());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IEnumerable<IFirewallAdapterKind> Kinds()
    {
        var services = new ServiceCollection();
        services.AddNftablesTargetKind();
        services.AddFail2banSshTargetKind();
        services.AddRouterOsTargetKind();
        return services.BuildServiceProvider().GetServices<IFirewallAdapterKind>();
    }
}
