using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fail2ban;

/// <summary>
/// A real fail2ban server running the shipped sample action (samples/fail2ban) reports to a real gateway process.
/// </summary>
public sealed class Fail2banEndToEndTests : IAsyncLifetime
{
    private const string Jail = "gwtest";
    private GatewayProcess _gateway = null!;
    private Fail2banServer _fail2ban = null!;
    private string _credentials = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync();
        string password = await _gateway.CreateReporterAsync("web1");
        _credentials = Path.Combine(_gateway.DataDirectory, "web1.curl");
        File.WriteAllText(_credentials, $"user = \"web1:{password}\"\n");
        File.SetUnixFileMode(_credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _fail2ban = await Fail2banServer.StartAsync(
            Jail,
            $"firewallgateway[gateway_url=\"{_gateway.BaseAddress.ToString().TrimEnd('/')}\", credentials=\"{_credentials}\"]",
            new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });
    }

    public async Task DisposeAsync()
    {
        await _fail2ban.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task FiveFailures_InWatchedLog_ReachTheGateway()
    {
        _fail2ban.AppendFailures("1.0.1.9", 5);
        await WaitForDecisionAsync("1.0.1.9");
    }

    [Fact]
    public async Task ManualBanip_SimulatedAttack_ReachesTheGateway()
    {
        var result = await _fail2ban.Client("set", Jail, "banip", "1.0.2.9", "2a00:1450:4001::9");
        Assert.True(result.ExitCode == 0, result.StandardError);
        await WaitForDecisionAsync("1.0.2.9");
        await WaitForDecisionAsync("2a00:1450:4001::9");
    }

    [Fact]
    public async Task Fail2banRestart_AfterBans_DoesNotLiftTheGatewayBan()
    {
        (await _fail2ban.Client("set", Jail, "banip", "1.0.3.9")).EnsureSuccess("banip");
        await WaitForDecisionAsync("1.0.3.9");

        (await _fail2ban.StopServerAsync()).EnsureSuccess("fail2ban stop");
        await _fail2ban.StartServerAsync();
        await Eventually.WaitUntilAsync(
            async () => (await _fail2ban.Client("status", Jail)).StandardOutput.Contains("1.0.3.9", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "fail2ban to restore its ban after restart");

        // The stop ran actionunban for every ban and the start restored them: the gateway must be unmoved.
        using var client = _gateway.OperatorClient();
        string decisions = await client.GetStringAsync("api/v1/decisions?address=1.0.3.9");
        Assert.Contains("\"active\"", decisions, StringComparison.Ordinal);
        Assert.Contains("\"reportCount\":1", decisions, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", _fail2ban.ReadLog().Split('\n').Where(l => l.Contains("firewallgateway", StringComparison.Ordinal)).FirstOrDefault() ?? string.Empty, StringComparison.Ordinal);
    }

    private Task WaitForDecisionAsync(string address) =>
        Eventually.WaitUntilAsync(
            async () => (await _gateway.ActiveAddressesAsync()).Contains(address),
            TimeSpan.FromSeconds(30),
            $"a gateway decision for {address} (fail2ban log:\n{_fail2ban.ReadLog()}\ngateway log:\n{_gateway.Log})");
}
