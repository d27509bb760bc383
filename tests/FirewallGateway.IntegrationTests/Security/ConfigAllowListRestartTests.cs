using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// An address added to <c>Policy:AllowList</c> in the configuration lifts the decisions it covers at the next
/// start, as an entry added through the API does at once: the decision ends, the unban reaches the target (a real
/// nftables set in a namespace of the test's own) and the blocklist stops serving the address.
/// </summary>
public sealed class ConfigAllowListRestartTests : IAsyncLifetime
{
    private const string Table = "fgwallow";
    private NetworkNamespace _ns = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("hcallow");
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Targets:local:Kind"] = "nftables",
            ["Targets:local:Table"] = Table,
            ["Targets:local:NetworkNamespace"] = _ns.Name,
            ["Targets:local:CreateIfMissing"] = "true",
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
    public async Task Restart_AddressAddedToConfiguredAllowList_DecisionLiftedUnbanDeliveredBlocklistStops()
    {
        long office = await BanAsync("1.0.21.5");
        await BanAsync("1.0.22.5");
        await WaitForSetAsync(json => json.Contains("1.0.21.5", StringComparison.Ordinal) && json.Contains("1.0.22.5", StringComparison.Ordinal), "both bans in the nft set");
        Assert.Contains("1.0.21.5", await BlocklistAsync(), StringComparison.Ordinal);

        await _gateway.StopAsync();
        _gateway.Settings["Policy:AllowList:0:Address"] = "1.0.21.0/24";
        _gateway.Settings["Policy:AllowList:0:Comment"] = "office uplink";
        await _gateway.StartAsync();

        using var client = _gateway.OperatorClient();
        using (var why = JsonDocument.Parse(await client.GetStringAsync("api/v1/addresses/1.0.21.5")))
        {
            var decision = why.RootElement.GetProperty("decision");
            Assert.Equal(office, decision.GetProperty("id").GetInt64());
            Assert.Equal("removed", decision.GetProperty("state").GetString());
            Assert.Contains("office uplink", why.RootElement.GetProperty("allowedBy").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("1.0.21.5", await _gateway.ActiveAddressesAsync());
        Assert.Contains("1.0.22.5", await _gateway.ActiveAddressesAsync());
        string blocklist = await BlocklistAsync();
        Assert.DoesNotContain("1.0.21.5", blocklist, StringComparison.Ordinal);
        Assert.Contains("1.0.22.5", blocklist, StringComparison.Ordinal);
        await WaitForSetAsync(json => !json.Contains("1.0.21.5", StringComparison.Ordinal) && json.Contains("1.0.22.5", StringComparison.Ordinal), "the unban of 1.0.21.5 to reach the nft set");
        Assert.Contains("lifted at start", _gateway.Log, StringComparison.Ordinal);
    }

    private async Task<long> BanAsync(string address)
    {
        using var client = _gateway.OperatorClient();
        using var response = await client.PostAsJsonAsync("api/v1/decisions", new { address, duration = "2h", reason = "test" });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt64();
    }

    private async Task<string> BlocklistAsync()
    {
        using var client = _gateway.OperatorClient();
        return await client.GetStringAsync("api/v1/blocklist");
    }

    private Task WaitForSetAsync(Func<string, bool> done, string what) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                var result = await _ns.RunAsync("/usr/sbin/nft", ["-j", "list", "set", "inet", Table, "banned4"]);
                return result.ExitCode == 0 && done(result.StandardOutput);
            },
            TimeSpan.FromSeconds(60),
            $"{what}; gateway log:\n{_gateway.Log}");
}
