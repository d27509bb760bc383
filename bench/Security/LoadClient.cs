using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// HttpClients that leave from a chosen loopback address (127.0.0.x), so one process looks like many hosts;
/// <c>connected</c> hears how long each TCP connect took and whether it succeeded.
/// </summary>
internal static class LoadClient
{
    public static HttpClient From(IPAddress source, Uri gateway, string? user, string? password, int maxConnections = 16, Action<TimeSpan, bool>? connected = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = TrustedCertificate.Matches },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                long start = Stopwatch.GetTimestamp();
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    connected?.Invoke(Stopwatch.GetElapsedTime(start), true);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    connected?.Invoke(Stopwatch.GetElapsedTime(start), false);
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return client;
    }

    /// <summary>A fail2ban-style report of a distinct public-looking address (1.0.0.0/8) per number.</summary>
    public static FormUrlEncodedContent Report(long n) => new(new Dictionary<string, string>
    {
        ["ip"] = Address(n),
        ["jail"] = "sshd",
    });

    public static string Address(long n)
    {
        long block = n / 254;
        return $"1.{(block >> 8) & 0xff}.{block & 0xff}.{(n % 254) + 1}";
    }

    public static string Percentiles(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no samples";
        }

        milliseconds.Sort();
        double At(double p) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(p * milliseconds.Count) - 1)];
        return $"n={milliseconds.Count} p50={At(0.50):F1} ms p99={At(0.99):F1} ms max={milliseconds[^1]:F1} ms";
    }
}
