using System.Diagnostics;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>
/// A TCP listener inside the "protected" namespace and a connect attempt from the "attacker" namespace, both
/// small python3 programs run with <c>ip netns exec</c> (a test process cannot bind inside another namespace).
/// A dropped SYN shows as a 1 s connect timeout.
/// </summary>
internal sealed class TcpProbe : IAsyncDisposable
{
    private const string ServerCode =
        "import socket\n" +
        "s = socket.socket(socket.AF_INET6)\n" +
        "s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)\n" +
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n" +
        "s.bind(('::', 8080)); s.listen(64); print('ready', flush=True)\n" +
        "while True:\n" +
        "    c, _ = s.accept(); c.sendall(b'ok'); c.close()\n";

    private const string ClientCode =
        "import socket, sys\n" +
        "try:\n" +
        "    c = socket.create_connection((sys.argv[1], 8080), timeout=1); print(c.recv(2).decode())\n" +
        "except OSError as e:\n" +
        "    print('blocked', type(e).__name__)\n";

    private readonly Process _server;

    private TcpProbe(Process server)
    {
        _server = server;
    }

    public static async Task<TcpProbe> ListenAsync(NetworkNamespace ns)
    {
        var startInfo = new ProcessStartInfo("/usr/sbin/ip")
        {
            ArgumentList = { "netns", "exec", ns.Name, "python3", "-c", ServerCode },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var server = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the listener");
        var probe = new TcpProbe(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line = await server.StandardOutput.ReadLineAsync(cts.Token);
        if (line != "ready")
        {
            await probe.DisposeAsync();
            throw new InvalidOperationException($"listener did not start: {line} {await server.StandardError.ReadToEndAsync(CancellationToken.None)}");
        }

        return probe;
    }

    /// <summary>"ok" when the connection was answered, "blocked ..." when it was not.</summary>
    public static async Task<string> ConnectAsync(NetworkNamespace from, string address) =>
        (await from.RunAsync("python3", ["-c", ClientCode, address], timeout: TimeSpan.FromSeconds(10))).StandardOutput.Trim();

    public async ValueTask DisposeAsync()
    {
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync(CancellationToken.None);
        _server.Dispose();
    }
}
