using System.Globalization;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// The real gateway process inside a network namespace of the test's own, configured as an operator would:
/// listening on every address (0.0.0.0) of a machine whose interface holds 1.0.9.9, a RouterOS target at
/// 1.0.3.4, a central firewall named by DNS (<c>central-fw.test</c> → 1.0.4.4 through the namespace's own
/// /etc/hosts), syslog on UDP and the Graylog receiver. The namespace has no route anywhere, so the gateway's
/// attempts to reach its targets fail at once and no packet leaves: the targets stay "failing", which is
/// also what the /health tests need.
/// </summary>
public sealed class SelfProtectionFixture : IAsyncLifetime
{
    public const string Collection = "self-protection gateway";

    public const string InterfaceAddress = "1.0.9.9";
    public const string RouterAddress = "1.0.3.4";
    public const string CentralFirewallName = "central-fw.test";
    public const string CentralFirewallAddress = "1.0.4.4";

    public NetworkNamespace Namespace { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public int SyslogPort { get; } = Loopback.FreeUdpPort();

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient Reporter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Namespace = await NetworkNamespace.CreateAsync("hcprot");
        await Namespace.AddLocalAddressAsync(InterfaceAddress + "/32");
        Namespace.WriteHostsFile($"127.0.0.1 localhost\n{CentralFirewallAddress} {CentralFirewallName}\n");
        Gateway = await GatewayProcess.StartInNamespaceAsync(
            Namespace,
            new Dictionary<string, string>
            {
                ["Targets:edge:Kind"] = "routeros",
                ["Targets:edge:Host"] = RouterAddress,
                ["Targets:edge:User"] = "fgw",
                ["Targets:edge:Password"] = "not-used",
                ["Targets:edge:ConnectTimeout"] = "00:00:01",
                ["Targets:central:Kind"] = "fail2ban-ssh",
                ["Targets:central:Host"] = CentralFirewallName,
                ["Targets:central:User"] = "fgw",
                ["Targets:central:KeyFile"] = "/nonexistent/fgw_ed25519",
                ["Targets:central:TrustOnFirstUse"] = "true",
                ["Targets:central:Jail"] = "gateway",
                ["Targets:central:CommandTimeout"] = "00:00:02",
                ["Receivers:Syslog:Enabled"] = "true",
                ["Receivers:Syslog:Udp:Port"] = SyslogPort.ToString(CultureInfo.InvariantCulture),
                ["Receivers:Syslog:Tcp:Enabled"] = "false",
                ["Dispatch:RetryMaxDelay"] = "00:00:02",
            },
            listenHost: "0.0.0.0");
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(Gateway.Log.Contains("Syslog udp listening", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the syslog listener to start");
        Operator = Gateway.OperatorClient();
        Reporter = Gateway.Client("web1", await Gateway.CreateReporterAsync("web1"));
    }

    public async Task DisposeAsync()
    {
        Operator?.Dispose();
        Reporter?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Namespace.DisposeAsync();
    }

    /// <summary>Every string value anywhere in <paramref name="element"/> (JSON escapes quotes, so texts are compared decoded).</summary>
    public static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

/// <summary>One namespaced gateway shared by the self-protection and /health tests (it takes seconds to start).</summary>
[CollectionDefinition(SelfProtectionFixture.Collection)]
public sealed class SelfProtectionGateway : ICollectionFixture<SelfProtectionFixture>;
