using System.Net;
using System.Net.Sockets;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Pipeline;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>
/// One UDP socket: receive into a single 64 KiB buffer, check the sender, copy the datagram into the pipeline,
/// receive again. Nothing here waits on parsing, rules, the store or a target.
/// </summary>
internal sealed class SyslogUdpListener : IDisposable
{
    private const int ReceiveBufferBytes = 65_536;
    private const int SenderCacheLimit = 4096;
    private readonly Socket _socket;
    private readonly SenderFilter _senders;
    private readonly SyslogPipeline _pipeline;
    private readonly SyslogMetrics _metrics;
    private readonly RejectLog _rejects;
    private readonly ILogger _logger;
    private readonly int _maxBytes;
    private readonly Dictionary<SocketAddress, (IPAddress Address, bool Allowed)> _senderCache = [];

    public SyslogUdpListener(
        IPEndPoint bind, SenderFilter senders, SyslogPipeline pipeline, SyslogMetrics metrics, RejectLog rejects, int maxBytes, ILogger logger)
    {
        _senders = senders;
        _pipeline = pipeline;
        _metrics = metrics;
        _rejects = rejects;
        _maxBytes = maxBytes;
        _logger = logger;
        // A deep kernel queue rides out bursts while the worker catches up (the kernel caps it at rmem_max).
        _socket = ListenSocket.Bind(bind, SocketType.Dgram, ProtocolType.Udp, beforeBind: s => s.ReceiveBufferSize = 8 * 1024 * 1024);

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Receives on a dedicated thread with blocking calls: at high datagram rates this costs a fraction of an
    /// async receive per datagram. Stopping disposes the socket, which ends the blocking call.
    /// </summary>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        var registration = stoppingToken.Register(_socket.Dispose);
        return Task.Factory.StartNew(
            () =>
            {
                using (registration)
                {
                    Receive(stoppingToken);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private void Receive(CancellationToken stoppingToken)
    {
        byte[] buffer = GC.AllocateArray<byte>(ReceiveBufferBytes, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!stoppingToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.ReceiveFailed(_logger, ex, "udp");
                continue;
            }

            try
            {
                Accept(buffer.AsSpan(0, received), from);
            }
            catch (Exception ex)
            {
                // One bad datagram must never stop the listener.
                Log.ReceiveFailed(_logger, ex, "udp");
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Accept(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        _metrics.RecordReceived("udp");
        var (sender, allowed) = Resolve(from);
        if (!allowed)
        {
            _rejects.Reject(RejectReasons.SenderNotAllowed, sender.ToString());
        }
        else if (datagram.Length > _maxBytes)
        {
            _rejects.Reject(RejectReasons.TooLarge, sender.ToString());
        }
        else if (datagram.IsEmpty)
        {
            _rejects.Reject(RejectReasons.Empty, sender.ToString());
        }
        else
        {
            _pipeline.Enqueue(datagram, sender);
        }
    }

    private (IPAddress Address, bool Allowed) Resolve(SocketAddress from)
    {
        // Syslog senders are few and keep their socket: remembering the verdict per raw socket address
        // spares an endpoint allocation and a CIDR walk per datagram.
        if (_senderCache.TryGetValue(from, out var known))
        {
            return known;
        }

        var template = from.Family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        var endPoint = (IPEndPoint)template.Create(from);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var verdict = (address, _senders.IsAllowed(address));
        if (_senderCache.Count >= SenderCacheLimit)
        {
            _senderCache.Clear();
        }

        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.CopyTo(key.Buffer);
        _senderCache[key] = verdict;
        return verdict;
    }
}
