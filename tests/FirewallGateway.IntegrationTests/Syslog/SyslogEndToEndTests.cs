using System.Globalization;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>
/// The real gateway process with the syslog receiver on free loopback ports, fed by real clients: util-linux
/// logger and an rsyslogd forwarding a file. Five sshd failures from one address must become a decision.
/// </summary>
public sealed class SyslogEndToEndTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;
    private int _udpPort;
    private int _tcpPort;

    public async Task InitializeAsync()
    {
        _udpPort = Loopback.FreeUdpPort();
        _tcpPort = Loopback.FreeTcpPort();
        _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:Syslog:Enabled"] = "true",
            ["Receivers:Syslog:Udp:Port"] = _udpPort.ToString(CultureInfo.InvariantCulture),
            ["Receivers:Syslog:Tcp:Port"] = _tcpPort.ToString(CultureInfo.InvariantCulture),
        });

        // /health can answer a moment before the hosted listeners have bound: wait for their start lines.
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(_gateway.Log.Contains("Syslog udp listening", StringComparison.Ordinal) && _gateway.Log.Contains("Syslog tcp listening", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the syslog listeners to start");
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Logger_FiveSshdFailuresOverUdp_BecomeASyslogDecision()
    {
        var result = await ProcessRunner.RunAsync(
            "logger",
            ["--server", "127.0.0.1", "--port", _udpPort.ToString(CultureInfo.InvariantCulture), "--udp", "--rfc3164", "-t", "sshd", "-p", "auth.info"],
            Failures("1.0.20.1", 5),
            TimeSpan.FromSeconds(20));
        result.EnsureSuccess("logger");

        await WaitForDecisionAsync("1.0.20.1");
        using var client = _gateway.OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?address=1.0.20.1"));
        Assert.Equal("syslog", json.RootElement[0].GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Rsyslog_ForwardingAFileOverTcp_FiveSshdFailuresBecomeADecision()
    {
        await using var rsyslog = await RsyslogForwarder.StartAsync(_tcpPort);
        rsyslog.Append(Failures("1.0.20.2", 4).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        rsyslog.Append(["Accepted publickey for deploy from 1.0.20.3 port 50022 ssh2: ED25519 SHA256:abc"]);
        rsyslog.Append(Failures("1.0.20.2", 1).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        await WaitForDecisionAsync("1.0.20.2");
        Assert.DoesNotContain("1.0.20.3", await _gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task Logger_FourFailures_MakeNoDecision()
    {
        var result = await ProcessRunner.RunAsync(
            "logger",
            ["--server", "127.0.0.1", "--port", _tcpPort.ToString(CultureInfo.InvariantCulture), "--tcp", "--rfc5424", "--octet-count", "-t", "sshd"],
            Failures("1.0.20.4", 4) + Failures("1.0.20.5", 5),
            TimeSpan.FromSeconds(20));
        result.EnsureSuccess("logger");

        await WaitForDecisionAsync("1.0.20.5");
        Assert.DoesNotContain("1.0.20.4", await _gateway.ActiveAddressesAsync());
    }

    private static string Failures(string address, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"Failed password for invalid user u{i} from {address} port {40000 + i} ssh2\n"));

    private Task WaitForDecisionAsync(string address) =>
        Eventually.WaitUntilAsync(
            async () => (await _gateway.ActiveAddressesAsync()).Contains(address),
            TimeSpan.FromSeconds(30),
            $"a gateway decision for {address} (gateway log:\n{_gateway.Log})");
}
