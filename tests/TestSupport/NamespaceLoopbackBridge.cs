using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FirewallGateway.TestSupport;

/// <summary>
/// Makes a loopback port of the host reachable from inside a test's network namespace: a listener on the
/// namespace's own 127.0.0.1, created by a thread that joined the namespace (setns), and every connection it
/// accepts piped to 127.0.0.1:<c>hostPort</c> on the host. A program that must run in the namespace (a
/// firewall bouncer changing nftables there) can then reach the gateway without any address outside loopback.
/// </summary>
public sealed partial class NamespaceLoopbackBridge : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly Socket _listener;
    private readonly int _hostPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private NamespaceLoopbackBridge(Socket listener, int hostPort)
    {
        _listener = listener;
        _hostPort = hostPort;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port on the namespace's 127.0.0.1 that leads to the host's port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static NamespaceLoopbackBridge Start(NetworkNamespace ns, int hostPort)
    {
        ArgumentNullException.ThrowIfNull(ns);
        Socket? listener = null;
        Exception? failure = null;

        // setns changes the calling thread only: a thread of its own joins the namespace, makes the listener
        // there (a socket stays in the namespace it was made in) and ends, so no pooled thread is left inside.
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/var/run/netns", ns.Name));
                if (SetNs(handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {ns.Name}");
                }

                listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(128);
            }
            catch (Exception ex)
            {
                listener?.Dispose();
                listener = null;
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return listener is not null
            ? new NamespaceLoopbackBridge(listener, hostPort)
            : throw new InvalidOperationException($"cannot listen inside {ns.Name}", failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            _ = PipeAsync(inside);
        }
    }

    private async Task PipeAsync(Socket inside)
    {
        using var insideSocket = inside;
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _hostPort), _stop.Token);
            await using var a = new NetworkStream(insideSocket, ownsSocket: false);
            await using var b = new NetworkStream(outside, ownsSocket: false);
            var up = CopyThenCloseAsync(a, outside);
            var down = CopyThenCloseAsync(b, insideSocket);
            await Task.WhenAll(up.AsTask(), down.AsTask());
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // One connection failing (the gateway stopping, the test ending) ends that connection only.
        }

        async ValueTask CopyThenCloseAsync(NetworkStream from, Socket to)
        {
            await using var toStream = new NetworkStream(to, ownsSocket: false);
            await from.CopyToAsync(toStream, _stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(IntPtr fd, int nstype);
}
