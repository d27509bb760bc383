using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Pipeline;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Transport;

/// <summary>
/// TCP syslog: accepts connections from allowed senders (up to a limit in all and per sender), frames each
/// stream with <see cref="TcpFramer"/> and copies every frame into the pipeline. A connection idle for longer
/// than the idle timeout is closed, so connections opened and left silent cannot hold the slots for ever.
/// </summary>
internal sealed class SyslogTcpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly SenderFilter _senders;
    private readonly SyslogPipeline _pipeline;
    private readonly SyslogMetrics _metrics;
    private readonly RejectLog _rejects;
    private readonly ILogger _logger;
    private readonly int _maxBytes;
    private readonly ConnectionCounter _connections;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;

    public SyslogTcpListener(
        IPEndPoint bind,
        SenderFilter senders,
        SyslogPipeline pipeline,
        SyslogMetrics metrics,
        RejectLog rejects,
        int maxBytes,
        TcpConnectionLimits limits,
        TimeProvider time,
        ILogger logger)
    {
        _senders = senders;
        _pipeline = pipeline;
        _metrics = metrics;
        _rejects = rejects;
        _maxBytes = maxBytes;
        _connections = new ConnectionCounter(limits.MaxConnections, limits.MaxPerSender);
        _idleTimeout = limits.IdleTimeout;
        _time = time;
        _logger = logger;
        _socket = ListenSocket.Bind(bind, SocketType.Stream, ProtocolType.Tcp, afterBind: s => s.Listen(512));

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var connections = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.ReceiveFailed(_logger, ex, "tcp");
                continue;
            }

            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(ServeAsync(client, stoppingToken));
        }

        await Task.WhenAll(connections);
    }

    public void Dispose() => _socket.Dispose();

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var socket = client;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var sender = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        if (!_senders.IsAllowed(sender))
        {
            _rejects.Reject(RejectReasons.SenderNotAllowed, sender.ToString());
            return;
        }

        if (_connections.TryTake(sender, RejectReasons.TooManyConnections, RejectReasons.TooManyConnectionsFromSender) is { } refused)
        {
            _rejects.Reject(refused, sender.ToString());
            return;
        }

        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var readToken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, idle.Token);
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65_536, minimumReadSize: 16_384));
            await ReadFramesAsync(reader, sender, idle, readToken.Token);
            await reader.CompleteAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            _rejects.Reject(RejectReasons.IdleTimeout, sender.ToString());
        }
        catch (IOException)
        {
            // The peer reset the connection: nothing more to read from it.
        }
        catch (SocketException)
        {
        }
        finally
        {
            _connections.Release(sender);
        }
    }

    private async Task ReadFramesAsync(PipeReader reader, IPAddress sender, CancellationTokenSource idle, CancellationToken readToken)
    {
        var framer = new TcpFramer(_maxBytes);
        while (true)
        {
            // Every read restarts the idle clock: only silence, not a long-lived busy connection, is cut.
            idle.CancelAfter(_idleTimeout);
            var result = await reader.ReadAsync(readToken);
            var buffer = result.Buffer;
            bool close = false;
            while (!close)
            {
                var status = framer.Next(ref buffer, result.IsCompleted, out var frame, out string? reject);
                switch (status)
                {
                    case FrameStatus.Frame:
                        _metrics.RecordReceived("tcp");
                        _pipeline.Enqueue(frame, sender);
                        continue;
                    case FrameStatus.Rejected:
                        _metrics.RecordReceived("tcp");
                        _rejects.Reject(reject!, sender.ToString());
                        continue;
                    case FrameStatus.Fatal:
                        _metrics.RecordReceived("tcp");
                        _rejects.Reject(reject!, sender.ToString());
                        close = true;
                        break;
                    default:
                        break;
                }

                break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (close || result.IsCompleted)
            {
                return;
            }
        }
    }
}
