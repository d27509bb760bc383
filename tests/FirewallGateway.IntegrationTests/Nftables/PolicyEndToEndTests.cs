using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// Policy beyond the anchors (issue 23) through the HTTP API of the real gateway process, with an nftables
/// target in a network namespace of the test's own.
/// </summary>
public sealed class PolicyEndToEndTests : NftGatewayTest
{
    private NftTestTable _table = null!;

    public override async Task InitializeAsync()
    {
        await CreateNamespaceAsync("fgi23");
        _table = new NftTestTable(Namespace, "fgw");
        await _table.CreateAsync();
        await StartGatewayAsync([("local", _table.Name)], new Dictionary<string, string>
        {
            ["Policy:IPv6BanPrefix"] = "64",
            ["Policy:TargetMaxEntries:local"] = "3",
            ["Policy:AllowList:0:Address"] = "2a01:4f8:10:99::1",
        });
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
        await _table.WaitForElementsAsync(["2a01:4f8:10:20::/64"], "banned6_net", TimeSpan.FromSeconds(30), () => Gateway.Log);
        Assert.False(NftTestTable.Contains(await _table.ListJsonAsync("banned6"), "2a01:4f8:10:20::5"));
    }

    [Fact]
    public async Task IPv6Widening_PrefixHoldsAnAllowListedAddress_OnlyTheAttackerIsBanned()
    {
        using var reporter = await ReporterAsync("web2");

        using var outcome = await ReportAsync(reporter, "2a01:4f8:10:99::5");

        Assert.Equal("2a01:4f8:10:99::5", outcome.RootElement.GetProperty("decision").GetProperty("address").GetString());
        await _table.WaitForElementsAsync(["2a01:4f8:10:99::5"], "banned6", TimeSpan.FromSeconds(30), () => Gateway.Log);
        Assert.DoesNotContain("2a01:4f8:10:99::", await _table.ListJsonAsync("banned6_net"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budget_FiveDecisionsForThreeEntries_MostReportedHeldRestWithheldThenMovedIn()
    {
        using var web1 = await ReporterAsync("web3");
        using var web2 = await ReporterAsync("web4");
        string[] addresses = ["1.0.50.1", "1.0.50.2", "1.0.50.3", "1.0.50.4", "1.0.50.5"];
        foreach (string address in addresses)
        {
            (await ReportAsync(web1, address)).Dispose();
        }

        (await ReportAsync(web2, "1.0.50.1")).Dispose();

        // Exactly the budget on the target, the twice-reported address among them.
        string held = await Eventually.WaitForAsync(
            () => _table.ListJsonAsync("banned4"),
            json => addresses.Count(a => NftTestTable.Contains(json, a)) == 3,
            TimeSpan.FromSeconds(30),
            $"3 of 5 addresses in the set; gateway log:\n{Gateway.Log}");
        Assert.True(NftTestTable.Contains(held, "1.0.50.1"), held);
        string withheld = addresses.First(a => !NftTestTable.Contains(held, a));

        using var operatorClient = Gateway.OperatorClient();
        string why = await Eventually.WaitForAsync(
            () => operatorClient.GetStringAsync($"api/v1/addresses/{withheld}"),
            json => json.Contains("\"withheld\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"why {withheld} to say withheld");
        Assert.Contains("Policy:TargetMaxEntries:local", why, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(
            async () => (await operatorClient.GetStringAsync("metrics")).Contains("firewallgateway_firewallgateway_target_withheld{target=\"local\"} 2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "2 withheld in /metrics");

        // Room frees up: lifting a held decision lets a withheld one in, still within the budget.
        using (var decisions = JsonDocument.Parse(await operatorClient.GetStringAsync("api/v1/decisions?address=1.0.50.1")))
        {
            long id = decisions.RootElement.EnumerateArray().First().GetProperty("id").GetInt64();
            (await operatorClient.DeleteAsync(new Uri($"api/v1/decisions/{id}", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        await Eventually.WaitForAsync(
            () => _table.ListJsonAsync("banned4"),
            json => !NftTestTable.Contains(json, "1.0.50.1") && addresses.Count(a => NftTestTable.Contains(json, a)) == 3,
            TimeSpan.FromSeconds(30),
            $"a withheld address moved in after the unban; gateway log:\n{Gateway.Log}");
    }
}
