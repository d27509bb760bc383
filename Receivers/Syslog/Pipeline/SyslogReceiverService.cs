using System.Net;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Receivers.Syslog.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>
/// Binds the listeners when the gateway starts (a port in use stops start-up with the reason) and runs them
/// with the pipeline until it stops. Does nothing unless <c>Receivers:Syslog:Enabled</c> is true.
/// </summary>
internal sealed class SyslogReceiverService : IHostedService, IDisposable
{
    private readonly SyslogReceiverOptions _options;
    private readonly IReportSink _sink;
    private readonly SyslogMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private SyslogUdpListener? _udp;
    private SyslogTcpListener? _tcp;

    public SyslogReceiverService(
        IOptions<SyslogReceiverOptions> options, IReportSink sink, SyslogMetrics metrics, TimeProvider time, ILogger<SyslogReceiverService> logger)
    {
        _options = options.Value;
        _sink = sink;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where the UDP listener is bound (the real port when configured as 0), or null.</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    public SyslogMetrics Metrics => _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var errors = new List<string>();
        var notes = new List<string>();
        var rules = RuleSetBuilder.Build(_options, errors, notes, System.Text.RegularExpressions.RegexOptions.Compiled);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        foreach (string note in notes)
        {
            Log.RuleNote(_logger, note);
        }

        var senders = new SenderFilter(_options.AllowedSenders);
        var rejects = new RejectLog(_logger, _time, _metrics);
        var pipeline = new SyslogPipeline(_options, new DetectionEngine(rules, _options.MaxTrackedAddresses), _sink, _metrics, rejects, _time, _logger);
        Log.Rules(_logger, rules.Count, string.Join(", ", rules.Select(r => r.Name)), string.Join(", ", senders.Blocks));
        try
        {
            if (_options.Udp.Enabled)
            {
                _udp = new SyslogUdpListener(
                    SyslogReceiverOptionsValidator.ToEndPoint(_options.Udp)!, senders, pipeline, _metrics, rejects, _options.MaxMessageBytes, _logger);
                Log.Listening(_logger, "udp", _udp.LocalEndPoint, _udp.LocalEndPoint.Port);
            }

            if (_options.Tcp.Enabled)
            {
                var limits = new TcpConnectionLimits(_options.MaxTcpConnections, _options.MaxTcpConnectionsPerSender, _options.TcpIdleTimeout);
                _tcp = new SyslogTcpListener(
                    SyslogReceiverOptionsValidator.ToEndPoint(_options.Tcp)!, senders, pipeline, _metrics, rejects, _options.MaxMessageBytes, limits, _time, _logger);
                Log.Listening(_logger, "tcp", _tcp.LocalEndPoint, _tcp.LocalEndPoint.Port);
            }
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            _udp?.Dispose();
            throw new InvalidOperationException(
                $"{SyslogReceiverOptions.SectionName}: cannot bind the syslog listener ({ex.SocketErrorCode}: {ex.Message}); check Udp/Tcp Address and Port", ex);
        }

        var token = _stopping.Token;
        _running.Add(pipeline.RunAsync(token));
        if (_udp is not null)
        {
            _running.Add(Task.Run(() => _udp.RunAsync(token), CancellationToken.None));
        }

        if (_tcp is not null)
        {
            _running.Add(Task.Run(() => _tcp.RunAsync(token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        await Task.WhenAll(_running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
        _stopping.Dispose();
    }
}
