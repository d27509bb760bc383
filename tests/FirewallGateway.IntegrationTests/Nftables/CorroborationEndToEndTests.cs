using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// Policy:CorroboratingReporters=2 through the HTTP API of the real gateway process: two nftables targets in a
/// namespace of the test's own, "web1" (a registered server's own firewall) and "edge" (fleet-wide). One
/// server's report bans on its own firewall at once; the edge holds it only once a second server saw it.
/// </summary>
public sealed class CorroborationEndToEndTests : IAsyncLifetime
{
    private NetworkNamespace _ns = null!;
    private NftTestTable _web1 = null!;
    private NftTestTable _edge = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("fgi23c");
        _web1 = new NftTestTable(_ns, "fgwweb1");
        _edge = new NftTestTable(_ns, "fgwedge");
        await _web1.CreateAsync();
        await _edge.CreateAsync();
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Targets:web1:Kind"] = "nftables",
            ["Targets:web1:Table"] = _web1.Name,
            ["Targets:web1:NetworkNamespace"] = _ns.Name,
            ["Targets:edge:Kind"] = "nftables",
            ["Targets:edge:Table"] = _edge.Name,
            ["Targets:edge:NetworkNamespace"] = _ns.Name,
            ["Policy:CorroboratingReporters"] = "2",
            ["Dispatch:ReconcileInterval"] = "00:00:02",
            ["Dispatch:PollInterval"] = "00:00:01",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.2",
            ["Dispatch:RetryMaxDelay"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _ns.DisposeAsync();
    }

    [Fact]
    public async Task OneReporter_OwnFirewallAtOnce_FleetWideAfterTheSecond()
    {
        using var operatorClient = _gateway.OperatorClient();
        using var web1 = await RegisterServerAsync(operatorClient, "web1", "1.0.7.1");
        using var web2 = await RegisterServerAsync(operatorClient, "web2", "1.0.7.2");

        await ReportAsync(web1, "1.0.40.1");
        await _web1.WaitForElementsAsync(["1.0.40.1"], "banned4", TimeSpan.FromSeconds(30), () => _gateway.Log);
        string why = await Eventually.WaitForAsync(
            () => operatorClient.GetStringAsync("api/v1/addresses/1.0.40.1"),
            json => json.Contains("\"withheld\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"why to list the edge as withheld; gateway log:\n{_gateway.Log}");
        Assert.Contains("Policy:CorroboratingReporters", why, StringComparison.Ordinal);
        Assert.False(NftTestTable.Contains(await _edge.ListJsonAsync("banned4"), "1.0.40.1"));

        await ReportAsync(web2, "1.0.40.1");
        await _edge.WaitForElementsAsync(["1.0.40.1"], "banned4", TimeSpan.FromSeconds(30), () => _gateway.Log);
        Assert.True(NftTestTable.Contains(await _web1.ListJsonAsync("banned4"), "1.0.40.1"));
    }

    private async Task<HttpClient> RegisterServerAsync(HttpClient operatorClient, string name, string address)
    {
        using var response = await operatorClient.PostAsJsonAsync("api/v1/servers", new { name, address });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {body}");
        using var created = JsonDocument.Parse(body);
        return _gateway.Client(name, created.RootElement.GetProperty("password").GetString()!);
    }

    private static async Task ReportAsync(HttpClient client, string address)
    {
        using var response = await client.PostAsJsonAsync("api/v1/reports", new { ip = address, jail = "sshd", failures = "5" });
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
