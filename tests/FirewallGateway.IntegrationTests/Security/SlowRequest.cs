using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// A report whose body is held back: the gateway has accepted the request (it counts against the concurrency
/// limit) until <see cref="FinishAsync"/> sends the rest. How a slow client occupies capacity.
/// </summary>
internal sealed class SlowRequest : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _rest;

    private SlowRequest(Socket socket, byte[] rest)
    {
        _socket = socket;
        _rest = rest;
    }

    public static async Task<SlowRequest> StartAsync(Uri gateway, string user, string password, string address)
    {
        byte[] body = Encoding.ASCII.GetBytes($"ip={address}&jail=sshd");
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        string head = string.Create(
            CultureInfo.InvariantCulture,
            $"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {credentials}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body.Take(1)).ToArray(), SocketFlags.None);
        return new SlowRequest(socket, body[1..]);
    }

    /// <summary>Sends the rest of the body and returns the status code of the answer.</summary>
    public async Task<int> FinishAsync()
    {
        await _socket.SendAsync(_rest, SocketFlags.None);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        string statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public void Dispose() => _socket.Dispose();
}
