using System.Net.Http.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// Range folding (issue 23 point 2) through the HTTP API of the real gateway process: 8 banned addresses of a /24
/// reach the nftables target as the /24 in the interval set, never over an allow-listed address, and unfold when
/// bans end or an allow-list entry lands inside the range.
/// </summary>
public sealed class RangeFoldingEndToEndTests : NftGatewayTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    private NftTestTable _table = null!;

    public override async Task InitializeAsync()
    {
        await CreateNamespaceAsync("fgfold");
        _table = new NftTestTable(Namespace, "fgw");
        await _table.CreateAsync();
        await StartGatewayAsync([("local", _table.Name)], new Dictionary<string, string>
        {
            ["Policy:RangeFolding:Targets:0"] = "local",
            ["Policy:MinimumBanDuration"] = "00:00:01",
            ["Policy:AllowList:0:Address"] = "1.0.71.200",
        });
    }

    [Fact]
    public async Task EightAddressesOfA24_IntervalSetHoldsThe24AndSinglesSetNoneOfThem()
    {
        using var reporter = await ReporterAsync("web1");
        string[] attackers = [.. Enumerable.Range(1, 8).Select(i => $"1.0.70.{i}")];

        await ReportAllAsync(reporter, attackers);

        await _table.WaitForElementsAsync(["1.0.70.0/24"], "banned4_net", Wait, () => Gateway.Log);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                string singles = await _table.ListJsonAsync("banned4");
                return !attackers.Any(a => NftTestTable.Contains(singles, a));
            },
            Wait,
            $"no single of the folded /24 in banned4; gateway log:\n{Gateway.Log}");

        using var operatorClient = Gateway.OperatorClient();
        string why = await operatorClient.GetStringAsync("api/v1/addresses/1.0.70.3");
        Assert.Contains("\"folded\"", why, StringComparison.Ordinal);
        Assert.Contains("folded into 1.0.70.0/24 on target local", why, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(
            async () => (await operatorClient.GetStringAsync("metrics")).Contains("firewallgateway_firewallgateway_target_folded_ranges{target=\"local\"} 1", StringComparison.Ordinal),
            Wait,
            "1 folded range in /metrics");
    }

    [Fact]
    public async Task AllowListedAddressInsideThe24_NeverFoldedSinglesHeldInstead()
    {
        using var reporter = await ReporterAsync("web2");
        string[] attackers = [.. Enumerable.Range(1, 10).Select(i => $"1.0.71.{i}")];

        await ReportAllAsync(reporter, attackers);

        await _table.WaitForElementsAsync(attackers, "banned4", Wait, () => Gateway.Log);
        Assert.False(NftTestTable.Contains(await _table.ListJsonAsync("banned4_net"), "1.0.71.0/24"));
    }

    [Fact]
    public async Task BansEndBelowTheThreshold_RangeRemovedAndRemainingSinglesBackInTheSinglesSet()
    {
        using var reporter = await ReporterAsync("web3");
        string[] staying = [.. Enumerable.Range(1, 7).Select(i => $"1.0.72.{i}")];
        await ReportAllAsync(reporter, staying);

        // The eighth ban is short: while it lasts the /24 is folded; when it ends 7 remain, below the threshold.
        (await ReportAsync(reporter, "1.0.72.8", bantime: "8")).Dispose();

        await _table.WaitForElementsAsync(["1.0.72.0/24"], "banned4_net", Wait, () => Gateway.Log);
        await _table.WaitForElementsAsync(staying, "banned4", Wait, () => Gateway.Log);
        await Eventually.WaitUntilAsync(
            async () => !NftTestTable.Contains(await _table.ListJsonAsync("banned4_net"), "1.0.72.0/24"),
            Wait,
            $"the /24 removed once its eighth ban ended; gateway log:\n{Gateway.Log}");
        Assert.False(NftTestTable.Contains(await _table.ListJsonAsync("banned4"), "1.0.72.8"));
    }

    [Fact]
    public async Task AllowListEntryAddedInsideAFoldedRange_RangeRemovedSinglesPushed()
    {
        using var reporter = await ReporterAsync("web4");
        string[] attackers = [.. Enumerable.Range(1, 8).Select(i => $"1.0.73.{i}")];
        await ReportAllAsync(reporter, attackers);
        await _table.WaitForElementsAsync(["1.0.73.0/24"], "banned4_net", Wait, () => Gateway.Log);

        using var operatorClient = Gateway.OperatorClient();
        using (var added = await operatorClient.PostAsJsonAsync("api/v1/allowlist", new { address = "1.0.73.250", comment = "partner office" }))
        {
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        await _table.WaitForElementsAsync(attackers, "banned4", Wait, () => Gateway.Log);
        await Eventually.WaitUntilAsync(
            async () => !NftTestTable.Contains(await _table.ListJsonAsync("banned4_net"), "1.0.73.0/24"),
            Wait,
            $"the /24 no longer covers the allow-listed 1.0.73.250; gateway log:\n{Gateway.Log}");
    }

    private static async Task ReportAllAsync(HttpClient client, IEnumerable<string> addresses)
    {
        foreach (string address in addresses)
        {
            (await ReportAsync(client, address, bantime: "3600")).Dispose();
        }
    }
}
