using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>
/// The real gateway allows only 127.0.0.1: five failures sent from 127.0.0.2 (another source address on this
/// machine) make no decision and are counted as refused; the same from 127.0.0.1 make one.
/// </summary>
public sealed class SyslogSpoofedSenderTests
{
    [Fact]
    public async Task Udp_SenderOutsideAllowedSenders_MakesNoDecisionAndIsLogged()
    {
        int port = Loopback.FreeUdpPort();
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:Syslog:Enabled"] = "true",
            ["Receivers:Syslog:Udp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Receivers:Syslog:Tcp:Enabled"] = "false",
            ["Receivers:Syslog:AllowedSenders:0"] = "127.0.0.1/32",
        });
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(gateway.Log.Contains("Syslog udp listening", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the UDP listener");

        await SendAsync(IPAddress.Parse("127.0.0.2"), port, "1.0.31.1");
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(gateway.Log.Contains("Syslog input refused (sender-not-allowed) from 127.0.0.2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the refusal to be logged");
        await SendAsync(IPAddress.Loopback, port, "1.0.31.2");

        await Eventually.WaitUntilAsync(
            async () => (await gateway.ActiveAddressesAsync()).Contains("1.0.31.2"), TimeSpan.FromSeconds(30), $"a decision for 1.0.31.2:\n{gateway.Log}");
        Assert.DoesNotContain("1.0.31.1", await gateway.ActiveAddressesAsync());
    }

    private static async Task SendAsync(IPAddress from, int port, string attacker)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        for (int i = 0; i < 5; i++)
        {
            byte[] datagram = Encoding.UTF8.GetBytes($"<38>Nov 23 06:00:0{i} web-01 sshd[{i}]: Failed password for root from {attacker} port {4000 + i} ssh2");
            await socket.SendToAsync(datagram, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
        }
    }
}
