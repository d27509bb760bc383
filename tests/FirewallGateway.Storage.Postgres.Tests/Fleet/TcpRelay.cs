using System.Net;
using System.Net.Sockets;

namespace FirewallGateway.Storage.Postgres.Tests.Fleet;

/// <summary>
/// A loopback TCP relay in front of the database for one gateway. <see cref="Kill"/> closes every connection
/// and stops accepting new ones: to PostgreSQL exactly what a gateway process killed with -9 looks like (its
/// sockets close), and the "dead" gateway can never reconnect.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly List<Socket> _sockets = [];
    private readonly Lock _gate = new();
    private bool _killed;

    public TcpRelay(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Kill()
    {
        lock (_gate)
        {
            _killed = true;
            _listener.Stop();
            foreach (var socket in _sockets)
            {
                socket.Close(0);
            }
        }
    }

    public void Dispose() => Kill();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync();
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, _serverPort);
                lock (_gate)
                {
                    if (_killed)
                    {
                        client.Close(0);
                        server.Close(0);
                        return;
                    }

                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                _ = PumpAsync(client, server);
                _ = PumpAsync(server, client);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Killed.
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Close(0);
            to.Close(0);
        }
    }
}
