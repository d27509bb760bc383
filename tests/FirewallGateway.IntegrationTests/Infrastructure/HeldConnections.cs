using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Idle keep-alive connections to a gateway, each opened with one answered request so the gateway surely counts it,
/// then left open until disposed: a test fills <c>Limits:MaxConnections</c> with them.
/// </summary>
public sealed class HeldConnections : IDisposable
{
    private readonly List<Socket> _sockets = [];

    private HeldConnections()
    {
    }

    public static async Task<HeldConnections> OpenAsync(int port, int count)
    {
        var held = new HeldConnections();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held._sockets.Add(socket);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var buffer = new byte[4096];
                int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                string answer = Encoding.ASCII.GetString(buffer, 0, read);
                if (!answer.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"held connection {i + 1} of {count} was not served: '{answer}'");
                }
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    public void Dispose() => _sockets.ForEach(s => s.Dispose());
}
