using System.Net;
using System.Net.Sockets;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Receivers.Syslog.Transport;
using Microsoft.Extensions.Logging;
using RejectLog = FirewallGateway.Receivers.Syslog.Pipeline.RejectLog;

namespace FirewallGateway.Receivers.SnmpTrap.Transport;

/// <summary>
/// One UDP socket: receive a datagram, check the sender against the allow-list, hand it to the processor and
/// send its answer (inform Response, USM Report) back to the same address and port. Traps are rare and cheap
/// to decode, so one loop does it all; the bans it raises go to a queue and never make it wait on the store.
/// </summary>
internal sealed class TrapUdpListener : IDisposable
{
    /// <summary>The largest UDP payload; SNMP messages are at most this (msgMaxSize is capped there too).</summary>
    private const int ReceiveBufferBytes = 65_535;

    private readonly Socket _socket;
    private readonly SenderFilter _senders;
    private readonly TrapProcessor _processor;
    private readonly TrapMetrics _metrics;
    private readonly RejectLog _rejects;
    private readonly ILogger _logger;

    public TrapUdpListener(IPEndPoint bind, SenderFilter senders, TrapProcessor processor, TrapMetrics metrics, RejectLog rejects, ILogger logger)
    {
        _senders = senders;
        _processor = processor;
        _metrics = metrics;
        _rejects = rejects;
        _logger = logger;
        _socket = ListenSocket.Bind(bind, SocketType.Dgram, ProtocolType.Udp);

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        byte[] buffer = new byte[ReceiveBufferBytes];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                // ICMP port unreachable from an earlier answer surfaces here on some systems: not fatal.
                Log.ReceiveFailed(_logger, ex);
                continue;
            }

            try
            {
                await AcceptAsync(buffer.AsMemory(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One bad datagram must never stop the listener.
                Log.ReceiveFailed(_logger, ex);
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task AcceptAsync(ReadOnlyMemory<byte> datagram, IPEndPoint from, CancellationToken stoppingToken)
    {
        _metrics.RecordReceived();
        var sender = from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address;
        if (!_senders.IsAllowed(sender))
        {
            // Never answered: a spoofed source must not turn this port into a reflector.
            _rejects.Reject(TrapRejectReasons.SenderNotAllowed, sender.ToString());
            return;
        }

        if (_processor.Process(datagram.Span, sender) is { } answer)
        {
            await _socket.SendToAsync(answer, SocketFlags.None, from, stoppingToken);
        }
    }
}
