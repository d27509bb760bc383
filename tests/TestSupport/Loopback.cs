using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.TestSupport;

/// <summary>Ports on loopback for tests that need a fixed port before a server starts (sshd, fail2ban actions).</summary>
public static class Loopback
{
    /// <summary>A TCP port that was free a moment ago (bind port 0, read it back, release it).</summary>
    public static int FreeTcpPort(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A UDP port that was free a moment ago.</summary>
    public static int FreeUdpPort(IPAddress? address = null)
    {
        using var socket = new UdpClient(new IPEndPoint(address ?? IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>
    /// An HttpClient whose connections leave from <paramref name="source"/> (any 127.0.0.x works on Linux
    /// without set-up), so one test process can look like many hosts to a server.
    /// </summary>
    public static HttpClient HttpClientFrom(IPAddress source, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
