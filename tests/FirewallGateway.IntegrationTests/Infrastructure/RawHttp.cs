using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>
/// HTTP on a bare socket, for what an HTTP client library hides: whether a connection ended with an answer, a clean
/// close or a reset, and connections held open on purpose.
/// </summary>
public static class RawHttp
{
    /// <summary>GET /health asking the server to close the connection after the answer.</summary>
    public const string HealthRequest = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    /// <summary>Connects, sends <paramref name="request"/>, reads until the server ends the connection (or <paramref name="timeout"/>).</summary>
    public static async Task<RawAnswer> ExchangeAsync(int port, string request, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        string ending;
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancel.Token);
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            ending = "closed";
        }
        catch (SocketException ex)
        {
            ending = ex.SocketErrorCode.ToString();
        }
        catch (OperationCanceledException)
        {
            ending = "timeout";
        }

        return new RawAnswer(Encoding.ASCII.GetString(received.ToArray()), ending, clock.Elapsed);
    }
}

/// <param name="Text">Every byte the server sent.</param>
/// <param name="Ending">How the connection ended: <c>closed</c> (a clean end), a socket error such as <c>ConnectionReset</c>, or <c>timeout</c>.</param>
/// <param name="Took">From connecting to the end.</param>
public sealed record RawAnswer(string Text, string Ending, TimeSpan Took)
{
    public bool Is503 => Text.StartsWith("HTTP/1.1 503 ", StringComparison.Ordinal);
}
