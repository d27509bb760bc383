using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// Debian's crowdsec agent, reading an sshd log with the hub's ssh-bf scenario and reporting to the real gateway
/// process: the attacker's alert becomes a gateway decision (scenario as jail, machine as reporter) that reaches
/// every target (an nftables set in a namespace and a bouncer's stream), and a reserved address it also reports
/// is stopped by the gateway's policy.
/// </summary>
public sealed class CrowdSecAgentTests : IAsyncLifetime
{
    private const string Table = "i18ag";
    private const string Attacker = "1.0.1.41";
    private const string Reserved = "10.1.2.3";
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-18-agent-").FullName;
    private NetworkNamespace _ns = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _ns = await NetworkNamespace.CreateAsync("i18ag");
        await _ns.NftScriptAsync(
            $"add table inet {Table}\n" +
            $"add set inet {Table} banned4 {{ type ipv4_addr; flags timeout; }}\n" +
            $"add set inet {Table} banned6 {{ type ipv6_addr; flags timeout; }}\n" +
            $"add set inet {Table} banned4_net {{ type ipv4_addr; flags interval,timeout; }}\n" +
            $"add set inet {Table} banned6_net {{ type ipv6_addr; flags interval,timeout; }}\n");
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Targets:local:Kind"] = "nftables",
            ["Targets:local:Table"] = Table,
            ["Targets:local:NetworkNamespace"] = _ns.Name,
            ["Dispatch:PollInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _ns.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SshBruteForce_SeenByTheAgent_ReachesEveryTarget_ReservedAddressStopped()
    {
        using var op = _gateway.OperatorClient();
        await CrowdSecGateway.AddMachineAsync(op, "agent-web1", "agent-web1-password");
        string key = await CrowdSecGateway.AddBouncerAsync(op, "edge");
        var agent = CrowdSecAgent.Prepare(_folder, _gateway.BaseAddress, "agent-web1", "agent-web1-password");
        await using var crowdsec = agent.Start();

        // The agent tails the file from its end once it is ready: keep writing bursts until the alerts arrive.
        JsonElement? decision = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                Assert.False(crowdsec.HasExited, $"crowdsec exited:\n{crowdsec.Log}");
                agent.AppendFailures(Reserved, 7);
                agent.AppendFailures(Attacker, 7);
                decision = await CrowdSecGateway.ActiveDecisionAsync(op, Attacker);
                return decision is not null && await ReportCountAsync(op, Reserved) > 0;
            },
            TimeSpan.FromSeconds(90),
            $"the agent's alerts for {Attacker} and {Reserved} to reach the gateway; crowdsec log:\n{crowdsec.Log}\ngateway log:\n{_gateway.Log}");

        Assert.Equal("crowdsecurity/ssh-bf", decision!.Value.GetProperty("reason").GetString());
        Assert.Equal("agent-web1", decision.Value.GetProperty("createdBy").GetString());
        Assert.Equal("crowdsec", decision.Value.GetProperty("origin").GetString());
        Assert.Null(await CrowdSecGateway.ActiveDecisionAsync(op, Reserved));

        await Eventually.WaitUntilAsync(
            async () => (await _ns.RunAsync("/usr/sbin/nft", ["-j", "list", "set", "inet", Table, "banned4"])).StandardOutput.Contains($"\"{Attacker}\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"{Attacker} in the nftables target's set; gateway log:\n{_gateway.Log}");

        using var bouncer = new HttpClient { BaseAddress = _gateway.BaseAddress };
        bouncer.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var stream = JsonDocument.Parse(await bouncer.GetStringAsync(new Uri("v1/decisions/stream?startup=true", UriKind.Relative)));
        var pulled = stream.RootElement.GetProperty("new").EnumerateArray().Single(d => d.GetProperty("value").GetString() == Attacker);
        Assert.Equal("crowdsecurity/ssh-bf", pulled.GetProperty("scenario").GetString());
        Assert.Equal("crowdsec", pulled.GetProperty("origin").GetString());

        using var machines = JsonDocument.Parse(await op.GetStringAsync(new Uri("api/v1/crowdsec/machines", UriKind.Relative)));
        Assert.NotEqual(JsonValueKind.Null, machines.RootElement[0].GetProperty("lastSeenAt").ValueKind);
    }

    private static async Task<int> ReportCountAsync(HttpClient op, string address)
    {
        using var response = await op.GetAsync(new Uri($"api/v1/addresses/{address}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("reports").GetArrayLength();
    }
}
