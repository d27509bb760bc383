using System.Globalization;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// Debian's crowdsec-firewall-bouncer (nftables mode) in a network namespace of the test's own, pulling from the
/// real gateway process with its own API key: a decision of the gateway becomes an element of the bouncer's set
/// (and its drop rule stops a second namespace's pings), an unban takes it out again.
/// </summary>
public sealed class FirewallBouncerTests : IAsyncLifetime
{
    private const string Bouncer = "/usr/bin/crowdsec-firewall-bouncer";
    private const string Table = "i18cs";
    private const string Set = "i18cs-blacklist";
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-18-fwb-").FullName;
    private GatewayProcess _gateway = null!;
    private NetworkNamespace _ns = null!;
    private NetworkNamespace _attacker = null!;
    private NamespaceLoopbackBridge _bridge = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync();
        _ns = await NetworkNamespace.CreateAsync("i18fw");
        _attacker = await NetworkNamespace.CreateAsync("i18at");
        await _ns.ConnectAsync(_attacker, "1.0.1.1/24", "1.0.1.21/24");
        _bridge = NamespaceLoopbackBridge.Start(_ns, _gateway.Port);
    }

    public async Task DisposeAsync()
    {
        await _bridge.DisposeAsync();
        await _attacker.DisposeAsync();
        await _ns.DisposeAsync();
        await _gateway.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GatewayDecision_ReachesTheBouncersSet_AndDropsTraffic_UnbanLiftsIt()
    {
        using var op = _gateway.OperatorClient();
        string key = await CrowdSecGateway.AddBouncerAsync(op, "fw-ns");
        Assert.True(await PingFromAttackerAsync(), "before any ban the attacker namespace must reach the bouncer's namespace");
        long id = await CrowdSecGateway.BanAsync(op, "1.0.1.21");

        await using var bouncer = RunningProgram.Start("/usr/sbin/ip", "netns", "exec", _ns.Name, Bouncer, "-c", WriteConfig(key));
        await Eventually.WaitUntilAsync(
            async () => (await SetJsonAsync()).Contains("\"1.0.1.21\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"1.0.1.21 in the bouncer's set; bouncer log:\n{bouncer.Log}");
        Assert.False(await PingFromAttackerAsync(), "the bouncer's drop rule must stop the banned address");

        var target = await CrowdSecGateway.TargetAsync(op, "fw-ns");
        Assert.NotNull(target);
        Assert.Equal("crowdsec-bouncer", target.Value.GetProperty("kind").GetString());
        Assert.Equal("ok", target.Value.GetProperty("state").GetString());

        await CrowdSecGateway.RemoveAsync(op, id);
        await Eventually.WaitUntilAsync(
            async () => !(await SetJsonAsync()).Contains("\"1.0.1.21\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"1.0.1.21 out of the bouncer's set after the unban; bouncer log:\n{bouncer.Log}");
        Assert.True(await PingFromAttackerAsync(), "after the unban the address must get through again");
        await Eventually.WaitUntilAsync(
            async () => (await CrowdSecGateway.TargetAsync(op, "fw-ns"))?.GetProperty("pending").GetInt32() == 0,
            TimeSpan.FromSeconds(30),
            "the bouncer target to have nothing pending once it pulled the unban");
    }

    [Fact]
    public async Task ExtendedDecision_BouncersElementGetsTheLongerTimeout()
    {
        using var op = _gateway.OperatorClient();
        string key = await CrowdSecGateway.AddBouncerAsync(op, "fw-extend");
        await CrowdSecGateway.BanAsync(op, "1.0.1.21", "1h");

        await using var bouncer = RunningProgram.Start("/usr/sbin/ip", "netns", "exec", _ns.Name, Bouncer, "-c", WriteConfig(key));
        await Eventually.WaitUntilAsync(
            async () => await ElementTimeoutAsync("1.0.1.21") is > 0 and <= 3600,
            TimeSpan.FromSeconds(60),
            $"1.0.1.21 in the bouncer's set with a timeout of at most 1h; bouncer log:\n{bouncer.Log}");

        // The operator locks the same address for longer: the gateway extends its decision, and the element the
        // bouncer already holds must follow, or the attacker walks free after the first hour.
        await CrowdSecGateway.BanAsync(op, "1.0.1.21", "4h");
        await Eventually.WaitUntilAsync(
            async () => await ElementTimeoutAsync("1.0.1.21") > 3 * 3600,
            TimeSpan.FromSeconds(60),
            $"1.0.1.21 in the bouncer's set with a timeout over 3h; set: {await SetJsonAsync()}; bouncer log:\n{bouncer.Log}");
        Assert.False(await PingFromAttackerAsync(), "the re-added element must still drop the attacker");
    }

    // The element's timeout in seconds as nft reports it (0 when the address is not in the set).
    private async Task<long> ElementTimeoutAsync(string address)
    {
        string json = await SetJsonAsync();
        if (json.Length == 0)
        {
            return 0;
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("set", out var set) || !set.TryGetProperty("elem", out var elements))
            {
                continue;
            }

            foreach (var element in elements.EnumerateArray())
            {
                if (element.TryGetProperty("elem", out var timed) && timed.GetProperty("val").GetString() == address)
                {
                    return timed.TryGetProperty("timeout", out var timeout) ? timeout.GetInt64() : 0;
                }
            }
        }

        return 0;
    }

    private async Task<string> SetJsonAsync()
    {
        var result = await _ns.RunAsync("/usr/sbin/nft", ["-j", "list", "set", "ip", Table, Set]);
        return result.ExitCode == 0 ? result.StandardOutput : string.Empty;
    }

    private async Task<bool> PingFromAttackerAsync() =>
        (await _attacker.RunAsync("/usr/bin/ping", ["-c", "1", "-W", "1", "1.0.1.1"])).ExitCode == 0;

    private string WriteConfig(string key)
    {
        string path = Path.Combine(_folder, "firewall-bouncer.yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            mode: nftables
            pid_dir: {_folder}/
            update_frequency: 1s
            daemonize: false
            log_mode: stdout
            log_level: info
            api_url: http://127.0.0.1:{_bridge.Port}/
            api_key: {key}
            disable_ipv6: true
            deny_action: DROP
            deny_log: false
            supported_decisions_types:
              - ban
            blacklists_ipv4: {Set}
            blacklists_ipv6: {Set}6
            nftables:
              ipv4:
                enabled: true
                set-only: false
                table: {Table}
                chain: {Table}-chain
              ipv6:
                enabled: false
                set-only: false
                table: {Table}6
                chain: {Table}6-chain
            prometheus:
              enabled: false
              listen_addr: 127.0.0.1
              listen_port: 60601
            """));
        return path;
    }
}
