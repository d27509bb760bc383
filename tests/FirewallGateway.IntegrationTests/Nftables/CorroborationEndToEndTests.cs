using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// Policy:CorroboratingReporters=2 through the HTTP API of the real gateway process: two nftables targets in a
/// namespace of the test's own, "web1" (a registered server's own firewall) and "edge" (fleet-wide). One
/// server's report bans on its own firewall at once; the edge holds it only once a second server saw it.
/// </summary>
public sealed class CorroborationEndToEndTests : NftGatewayTest
{
    private NftTestTable _web1 = null!;
    private NftTestTable _edge = null!;

    public override async Task InitializeAsync()
    {
        await CreateNamespaceAsync("fgi23c");
        _web1 = new NftTestTable(Namespace, "fgwweb1");
        _edge = new NftTestTable(Namespace, "fgwedge");
        await _web1.CreateAsync();
        await _edge.CreateAsync();
        await StartGatewayAsync(
            [("web1", _web1.Name), ("edge", _edge.Name)],
            new Dictionary<string, string> { ["Policy:CorroboratingReporters"] = "2" });
    }

    [Fact]
    public async Task OneReporter_OwnFirewallAtOnce_FleetWideAfterTheSecond()
    {
        using var operatorClient = Gateway.OperatorClient();
        using var web1 = await RegisterServerAsync(operatorClient, "web1", "1.0.7.1");
        using var web2 = await RegisterServerAsync(operatorClient, "web2", "1.0.7.2");

        await ReportAsync(web1, "1.0.40.1");
        await _web1.WaitForElementsAsync(["1.0.40.1"], "banned4", TimeSpan.FromSeconds(30), () => Gateway.Log);
        string why = await Eventually.WaitForAsync(
            () => operatorClient.GetStringAsync("api/v1/addresses/1.0.40.1"),
            json => json.Contains("\"withheld\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"why to list the edge as withheld; gateway log:\n{Gateway.Log}");
        Assert.Contains("Policy:CorroboratingReporters", why, StringComparison.Ordinal);
        Assert.False(NftTestTable.Contains(await _edge.ListJsonAsync("banned4"), "1.0.40.1"));

        await ReportAsync(web2, "1.0.40.1");
        await _edge.WaitForElementsAsync(["1.0.40.1"], "banned4", TimeSpan.FromSeconds(30), () => Gateway.Log);
        Assert.True(NftTestTable.Contains(await _web1.ListJsonAsync("banned4"), "1.0.40.1"));
    }

    private async Task<HttpClient> RegisterServerAsync(HttpClient operatorClient, string name, string address)
    {
        using var response = await operatorClient.PostAsJsonAsync("api/v1/servers", new { name, address });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {body}");
        using var created = JsonDocument.Parse(body);
        return Gateway.Client(name, created.RootElement.GetProperty("password").GetString()!);
    }

    private static async Task ReportAsync(HttpClient client, string address)
    {
        using var response = await client.PostAsJsonAsync("api/v1/reports", new { ip = address, jail = "sshd", failures = "5" });
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
