using System.Net;
using System.Net.Sockets;
using System.Text;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>Idle TCP connections must not lock real senders out (per-sender cap, idle timeout).</summary>
public sealed class TcpConnectionLimitTests
{
    [Fact]
    public async Task ManyIdleConnectionsFromOneSender_DoNotLockOutAnother_RealLoggerSender()
    {
        // The defaults: 256 connections in all. One host opens all 256 and sends nothing.
        await using var receiver = await ReceiverHarness.StartAsync();
        var idle = await OpenIdleAsync(receiver, IPAddress.Parse("127.0.0.2"), 256);
        try
        {
            await receiver.WaitForRejectsAsync(RejectReasons.TooManyConnectionsFromSender, 256 - 16);

            // util-linux logger connects from 127.0.0.1: a different sender with its own slots.
            await receiver.LoggerAsync(ReceiverHarness.SshdFailures("1.0.12.1", 5), "--tcp", "--rfc5424");
            var report = await receiver.WaitForReportAsync("1.0.12.1");
            Assert.Equal(5, report.Failures);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task SilentConnection_IsClosedAfterTheIdleTimeout_WhileATalkingOneStays()
    {
        var clock = new FakeTimeProvider(Some.Start);
        await using var receiver = await ReceiverHarness.StartAsync(configure: o => o.TcpIdleTimeout = TimeSpan.FromMinutes(5), time: clock);
        using var silent = (await OpenIdleAsync(receiver, IPAddress.Parse("127.0.0.3"), 1))[0];
        using var talking = (await OpenIdleAsync(receiver, IPAddress.Parse("127.0.0.4"), 1))[0];

        // Four minutes pass twice; the talking connection sends a line in between, so only the silent one lapses.
        await SendLineAsync(talking, "Failed password for root from 1.0.12.2 port 40000 ssh2");
        await Eventually.WaitUntilAsync(() => Task.FromResult(receiver.Metrics.Received >= 1), TimeSpan.FromSeconds(15), "the first line");
        clock.Advance(TimeSpan.FromMinutes(4));
        await SendLineAsync(talking, "Failed password for root from 1.0.12.2 port 40001 ssh2");
        await Eventually.WaitUntilAsync(() => Task.FromResult(receiver.Metrics.Received >= 2), TimeSpan.FromSeconds(15), "the second line");
        clock.Advance(TimeSpan.FromMinutes(2));

        await receiver.WaitForRejectsAsync(RejectReasons.IdleTimeout, 1);
        Assert.Equal(0, await silent.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(1, receiver.Metrics.Rejects(RejectReasons.IdleTimeout));
        await SendLineAsync(talking, "Failed password for root from 1.0.12.2 port 40002 ssh2");
        await Eventually.WaitUntilAsync(() => Task.FromResult(receiver.Metrics.Received >= 3), TimeSpan.FromSeconds(15), "a line on the talking connection after the timeout");
    }

    private static async Task<List<Socket>> OpenIdleAsync(ReceiverHarness receiver, IPAddress from, int count)
    {
        var sockets = new List<Socket>();
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(receiver.Bind), receiver.TcpPort));
            sockets.Add(socket);
        }

        return sockets;
    }

    private static async Task SendLineAsync(Socket socket, string message) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes($"<38>Dec  3 07:00:00 host sshd[1]: {message}\n"), SocketFlags.None);
}
