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

    public Worker(int number, Uri gateway, string user, string password, ClientObserver observer)
    {
        _observer = observer;

        // A source address of its own (127.1.0.1, 127.1.0.2 ...), as distinct hosts have: the connects of thousands of
        // workers from one address would share (and under reconnect churn exhaust) that address's source ports.
        var source = new IPAddress([127, 1, (byte)(number / 250), (byte)((number % 250) + 1)]);
        Client = LoadClient.From(source, gateway, user, password, 1, Connected);
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
