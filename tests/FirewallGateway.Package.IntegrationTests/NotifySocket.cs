using System.Net.Sockets;
using System.Text;

namespace FirewallGateway.Package.IntegrationTests;

/// <summary>
/// Stands in for systemd's end of Type=notify: a unix datagram socket whose path goes into NOTIFY_SOCKET; every
/// datagram the service sends (READY=1, STOPPING=1, STATUS=...) is kept in arrival order.
/// </summary>
internal sealed class NotifySocket : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Socket _socket;
    private readonly List<string> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket()
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fwgw-package-notify-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        // The service runs as its own account: it must be able to reach and write to the socket, like systemd's.
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
        Path = System.IO.Path.Combine(_directory, "notify.sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_111_111);
        _receiving = ReceiveAsync();
    }

    public string Path { get; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }
    }

    public bool Received(string assignment) => Messages.Any(m => m.Split('\n').Contains(assignment));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            lock (_messages)
            {
                _messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
    }
}
