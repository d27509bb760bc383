using FirewallGateway.Adapters.RouterOs;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Snmp;
using FirewallGateway.Snmp.Client;
using FirewallGateway.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.IntegrationTests.TargetSnmp;

public sealed class TargetSnmpConfigurationTests
{
    private static readonly Dictionary<string, string?> RouterTarget = new()
    {
        ["Targets:edge:Kind"] = "routeros",
        ["Targets:edge:Host"] = "router.example.net",
        ["Targets:edge:User"] = "gateway",
        ["Targets:edge:Password"] = "router-secret",
    };

    private static ConfiguredTargets Build(Dictionary<string, string?> snmp)
    {
        var all = new Dictionary<string, string?>(RouterTarget);
        foreach (var (key, value) in snmp)
        {
            all["Targets:edge:Snmp:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddRouterOsTargetKind();
        var provider = services.BuildServiceProvider();
        return new ConfiguredTargets(configuration, provider.GetServices<IFirewallAdapterKind>(), provider);
    }

    [Fact]
    public void Read_V3Section_HiddenFromTheKindAndHostDefaultsToTheTarget()
    {
        var targets = Build(new()
        {
            ["Version"] = "v3",
            ["User"] = "gateway-snmp",
            ["AuthProtocol"] = "SHA1",
            ["AuthPassword"] = "auth-pass-1",
            ["PrivPassword"] = "priv-pass-1",
        });

        var (name, options) = Assert.Single(targets.SnmpTargets);
        Assert.Equal("edge", name);
        Assert.Equal("router.example.net", options.Host);
        Assert.Equal(161, options.Port);
        Assert.Equal(SnmpVersion.V3, options.Version);
        Assert.Equal(AuthProtocol.Sha1, options.AuthProtocol);
        Assert.Equal(PrivProtocol.Aes128, options.PrivProtocol);
        Assert.Equal(TimeSpan.FromMinutes(1), options.PollInterval);
    }

    [Fact]
    public void Read_NoSnmpSection_NoPolling()
    {
        Assert.Empty(Build([]).SnmpTargets);
    }

    [Fact]
    public void Read_V2cWithV3Keys_EveryProblemNamedWithoutSecrets()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Version"] = "v2c",
            ["AuthPassword"] = "auth-secret-x",
            ["PollInterval"] = "00:00:00.5",
            ["Timeout"] = "soon",
            ["Retries"] = "9",
            ["Host"] = "bad host",
        }));

        Assert.Contains("Targets:edge:Snmp:Community is required for v2c", error.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:AuthPassword applies to v3 only", error.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:PollInterval must be between 00:00:01 and 01:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:Timeout 'soon' is not a valid TimeSpan", error.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:Retries must be between 0 and 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("Targets:edge:Snmp:Host must be an address or DNS name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("auth-secret-x", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Version", "v1", "Targets:edge:Snmp:Version is required: v2c or v3")]
    [InlineData("PrivProtocol", "DES", "Targets:edge:Snmp:PrivProtocol must be AES or None")]
    [InlineData("AuthProtocol", "MD5", "Targets:edge:Snmp:AuthProtocol is required for v3: SHA1 or SHA256")]
    public void Read_UnsupportedChoice_Refused(string key, string value, string message)
    {
        var snmp = new Dictionary<string, string?>
        {
            ["Version"] = "v3",
            ["User"] = "gateway-snmp",
            ["AuthProtocol"] = "SHA256",
            ["AuthPassword"] = "auth-pass-1",
            ["PrivPassword"] = "priv-pass-1",
            [key] = value,
        };

        var error = Assert.Throws<InvalidOperationException>(() => Build(snmp));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
