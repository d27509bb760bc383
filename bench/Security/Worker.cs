using System.Net;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// One simulated reporting host: its own keep-alive connection (as each fail2ban host has its own), so a connection
/// the gateway closes is this host's loss, not a pool another host's request silently waits on. Keeps the time its
/// last connects took, so a request's answer time can be split into connecting and the server's answer.
/// </summary>
internal sealed class Worker : IDisposable
{
    private readonly ClientObserver _observer;
    private long _connectTicks;

    public Worker(Uri gateway, string user, string password, ClientObserver observer)
    {
        _observer = observer;
        Client = LoadClient.From(IPAddress.Loopback, gateway, user, password, 1, Connected);
    }

    public HttpClient Client { get; }

    /// <summary>Connect time spent since the last call (zero when the request went over an open connection).</summary>
    public TimeSpan TakeConnectTime() => TimeSpan.FromTicks(Interlocked.Exchange(ref _connectTicks, 0));

    public void Dispose() => Client.Dispose();

    private void Connected(TimeSpan took, bool succeeded)
    {
        Interlocked.Add(ref _connectTicks, took.Ticks);
        _observer.Connected(took, succeeded);
    }
}
