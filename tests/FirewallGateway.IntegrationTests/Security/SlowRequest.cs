using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// A report whose body trickles in: the gateway has accepted the request (it counts against the concurrency
/// limit) until <see cref="FinishAsync"/> sends the rest. How a slow client occupies capacity. The trickle
/// (500 bytes/s) stays above Kestrel's minimum body data rate, so the gateway does not cut it with 408.
/// </summary>
internal sealed class SlowRequest : IDisposable
{
    private const int ChunkBytes = 100;
    private static readonly TimeSpan ChunkEvery = TimeSpan.FromMilliseconds(200);
    private readonly Socket _socket;
    private readonly byte[] _body;
    private readonly CancellationTokenSource _stopTrickle = new();
    private readonly Task<int> _trickle;

    private SlowRequest(Socket socket, byte[] body, int sent)
    {
        _socket = socket;
        _body = body;
        _trickle = TrickleAsync(sent);
    }

    public static async Task<SlowRequest> StartAsync(Uri gateway, string user, string password, string address)
    {
        // The evidence is cut to its configured length by the gateway; it is only there to make the body long.
        byte[] body = Encoding.ASCII.GetBytes($"ip={address}&jail=sshd&matches={new string('a', 40_000)}");
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        string head = string.Create(
            CultureInfo.InvariantCulture,
            $"POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {credentials}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body.Take(ChunkBytes)).ToArray(), SocketFlags.None);
        return new SlowRequest(socket, body, ChunkBytes);
    }

    /// <summary>Sends the rest of the body and returns the status code of the answer.</summary>
    public async Task<int> FinishAsync()
    {
        await _stopTrickle.CancelAsync();
        int sent = await _trickle;
        await _socket.SendAsync(_body.AsMemory(sent), SocketFlags.None);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        string statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _stopTrickle.Cancel();
        _socket.Dispose();
        _stopTrickle.Dispose();
    }

    private async Task<int> TrickleAsync(int sent)
    {
        try
        {
            while (sent + ChunkBytes < _body.Length - 1)
            {
                await Task.Delay(ChunkEvery, _stopTrickle.Token);
                sent += await _socket.SendAsync(_body.AsMemory(sent, ChunkBytes), SocketFlags.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return sent;
    }
}
