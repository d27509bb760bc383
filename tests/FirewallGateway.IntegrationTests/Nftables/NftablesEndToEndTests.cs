using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// The real gateway process with an nftables target in a network namespace of the test's own: what reaches the
/// gateway reaches the nft set, survives the target being broken, and is put back when the set is emptied.
/// </summary>
public sealed class NftablesEndToEndTests : NftGatewayTest
{
    private const string Table = "fgw";
    private const string Jail = "gwnft";
    private NftTestTable _table = null!;

    public override async Task InitializeAsync()
    {
        await CreateNamespaceAsync("fge2e");
        _table = new NftTestTable(Namespace, Table);
        await CreateTableAsync();
        await StartGatewayAsync([("local", Table)], new Dictionary<string, string>());
    }

    [Fact]
    public async Task Fail2banBan_ThroughTheGateway_ElementInTheNftSet()
    {
        string password = await Gateway.CreateReporterAsync("web1");
        string credentials = Path.Combine(Gateway.DataDirectory, "web1.curl");
        File.WriteAllText(credentials, $"user = \"web1:{password}\"\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var fail2ban = await Fail2banServer.StartAsync(
            Jail,
            $"firewallgateway[gateway_url=\"{Gateway.BaseAddress.ToString().TrimEnd('/')}\", credentials=\"{credentials}\"]",
            new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });

        fail2ban.AppendFailures("1.0.1.9", 5);
        (await fail2ban.Client("set", Jail, "banip", "2a00:1450:4001::9")).EnsureSuccess("banip");

        await WaitForElementsAsync(["1.0.1.9"], "banned4", TimeSpan.FromSeconds(30));
        await WaitForElementsAsync(["2a00:1450:4001::9"], "banned6", TimeSpan.FromSeconds(30));
        string v4 = await ListJsonAsync("banned4");
        Assert.Contains("\"expires\"", v4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetBroken_WhileThousandBansArrive_AllPresentOnceRepaired()
    {
        await Namespace.NftAsync("delete", "table", "inet", Table);
        var addresses = Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"1.0.{10 + (i / 250)}.{1 + (i % 250)}")).ToList();

        await ReportAsync(addresses);
        await Eventually.WaitUntilAsync(
            async () => (await TargetJsonAsync()).Contains("failing", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"the target to report its failure; gateway log:\n{Gateway.Log}");

        await CreateTableAsync();
        await WaitForElementsAsync([.. addresses], "banned4", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task SetFlushedByHand_RefilledWithinTheReconcileInterval()
    {
        string[] addresses = ["1.0.20.1", "1.0.20.2", "1.0.21.0/24"];
        await ReportAsync(addresses);
        await WaitForElementsAsync(["1.0.20.1", "1.0.20.2"], "banned4", TimeSpan.FromSeconds(30));
        await WaitForElementsAsync(["1.0.21.0/24"], "banned4_net", TimeSpan.FromSeconds(30));

        await Namespace.NftScriptAsync($"flush set inet {Table} banned4\nflush set inet {Table} banned4_net\n");
        Assert.DoesNotContain("1.0.20.1", await ListJsonAsync("banned4"), StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.21.0", await ListJsonAsync("banned4_net"), StringComparison.Ordinal);

        // Reconcile runs every 2 s here; allow a few intervals for the listing, the queue and the batch.
        await WaitForElementsAsync(["1.0.20.1", "1.0.20.2"], "banned4", TimeSpan.FromSeconds(10));
        await WaitForElementsAsync(["1.0.21.0/24"], "banned4_net", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task OperatorRemovesDecision_ElementLeavesTheSet()
    {
        await ReportAsync(["1.0.30.1"]);
        await WaitForElementsAsync(["1.0.30.1"], "banned4", TimeSpan.FromSeconds(30));
        using var client = Gateway.OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?address=1.0.30.1"));
        long id = json.RootElement.EnumerateArray().First().GetProperty("id").GetInt64();

        (await client.DeleteAsync(new Uri($"api/v1/decisions/{id}", UriKind.Relative))).EnsureSuccessStatusCode();

        await Eventually.WaitUntilAsync(
            async () => !(await ListJsonAsync("banned4")).Contains("\"1.0.30.1\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the unban to reach the nft set");
    }

    private async Task ReportAsync(IReadOnlyList<string> addresses)
    {
        string password = await Gateway.CreateReporterAsync("bulk");
        using var client = Gateway.Client("bulk", password);
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (address, ct) =>
        {
            using var response = await client.PostAsJsonAsync("api/v1/reports", new { ip = address, jail = "sshd", failures = "5" }, ct);
            Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
    }

    private Task WaitForElementsAsync(string[] addresses, string set, TimeSpan timeout) =>
        _table.WaitForElementsAsync(addresses, set, timeout, () => Gateway.Log);

    private Task<string> ListJsonAsync(string set) => _table.ListJsonAsync(set);

    private async Task<string> TargetJsonAsync()
    {
        using var client = Gateway.OperatorClient();
        return await client.GetStringAsync("api/v1/targets");
    }

    private Task CreateTableAsync() => _table.CreateAsync();
}
