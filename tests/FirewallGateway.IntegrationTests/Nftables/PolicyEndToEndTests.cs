using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// Policy beyond the anchors (issue 23) through the HTTP API of the real gateway process, with an nftables
/// target in a network namespace of the test's own.
/// </summary>
public sealed class PolicyEndToEndTests : IAsyncLifetime
{
    private NetworkNamespace _ns = null!;
    private NftTestTable _table = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("fgi23");
        _table = new NftTestTable(_ns, "fgw");
        await _table.CreateAsync();
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Targets:local:Kind"] = "nftables",
            ["Targets:local:Table"] = _table.Name,
            ["Targets:local:NetworkNamespace"] = _ns.Name,
            ["Policy:IPv6BanPrefix"] = "64",
            ["Policy:AllowList:0:Address"] = "2a01:4f8:10:99::1",
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
    public async Task IPv6Widening_RotatingAttacker_OnePrefixDecisionInTheNetSet()
    {
        using var reporter = await ReporterAsync("web1");

        using var first = await ReportAsync(reporter, "2a01:4f8:10:20::5");
        using var second = await ReportAsync(reporter, "2a01:4f8:10:20:aaaa::9");

        Assert.Equal("2a01:4f8:10:20::/64", first.RootElement.GetProperty("decision").GetProperty("address").GetString());
        Assert.Equal("merged", second.RootElement.GetProperty("code").GetString());
        Assert.Equal(2, second.RootElement.GetProperty("decision").GetProperty("reportCount").GetInt32());
        await _table.WaitForElementsAsync(["2a01:4f8:10:20::/64"], "banned6_net", TimeSpan.FromSeconds(30), () => _gateway.Log);
        Assert.False(NftTestTable.Contains(await _table.ListJsonAsync("banned6"), "2a01:4f8:10:20::5"));
    }

    [Fact]
    public async Task IPv6Widening_PrefixHoldsAnAllowListedAddress_OnlyTheAttackerIsBanned()
    {
        using var reporter = await ReporterAsync("web2");

        using var outcome = await ReportAsync(reporter, "2a01:4f8:10:99::5");

        Assert.Equal("2a01:4f8:10:99::5", outcome.RootElement.GetProperty("decision").GetProperty("address").GetString());
        await _table.WaitForElementsAsync(["2a01:4f8:10:99::5"], "banned6", TimeSpan.FromSeconds(30), () => _gateway.Log);
        Assert.DoesNotContain("2a01:4f8:10:99::", await _table.ListJsonAsync("banned6_net"), StringComparison.Ordinal);
    }

    private async Task<HttpClient> ReporterAsync(string name) => _gateway.Client(name, await _gateway.CreateReporterAsync(name));

    private static async Task<JsonDocument> ReportAsync(HttpClient client, string address)
    {
        using var response = await client.PostAsJsonAsync("api/v1/reports", new { ip = address, jail = "sshd", failures = "5" });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
