using System.Net;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Receivers.SnmpTrap.Security;
using FirewallGateway.Receivers.SnmpTrap.Transport;
using FirewallGateway.Receivers.Syslog.Pipeline;
using FirewallGateway.Receivers.Syslog.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>
/// Starts the engine (engine ID, boots), derives the v3 keys, binds the listener when the gateway starts (a
/// port in use stops start-up with the reason) and runs it until the gateway stops. Does nothing unless
/// <c>Receivers:SnmpTrap:Enabled</c> is true.
/// </summary>
internal sealed class SnmpTrapReceiverService : IHostedService, IDisposable
{
    /// <summary>Traps are rare: two concurrent submissions keep the core busy enough while one waits on the store.</summary>
    private const int Submitters = 2;

    private readonly SnmpTrapReceiverOptions _options;
    private readonly string _dataDirectory;
    private readonly IReportSink _sink;
    private readonly TrapMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private TrapUdpListener? _listener;

    public SnmpTrapReceiverService(
        IOptions<SnmpTrapReceiverOptions> options, SnmpTrapDataDirectory dataDirectory, IReportSink sink, TrapMetrics metrics, TimeProvider time, ILogger<SnmpTrapReceiverService> logger)
    {
        _options = options.Value;
        _dataDirectory = dataDirectory.Path;
        _sink = sink;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where the listener is bound (the real port when configured as 0), or null.</summary>
    public IPEndPoint? EndPoint => _listener?.LocalEndPoint;

    public TrapMetrics Metrics => _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var errors = new List<string>();
        var rules = TrapRuleSetBuilder.Build(_options, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", errors));
        }

        byte[]? configuredId = LocalEngine.TryParseHex(_options.EngineId, out byte[] id) ? id : null;
        var engine = LocalEngine.Start(_dataDirectory, configuredId, _time);
        var usm = new UsmReceiver(engine, UsmUsers.From(_options.Users, engine.EngineId));
        var senders = new SenderFilter(_options.AllowedSenders);
        var rejects = new RejectLog(_logger, _time, _metrics.RecordReject, Log.Rejected);
        var reports = new BanReportQueue(
            _options.ReportQueueCapacity,
            Submitters,
            _sink,
            (report, outcome) => Log.Submitted(_logger, report.Address.ToString(), report.Rule ?? "-", outcome.GetType().Name),
            (report, exception) => Log.SubmitFailed(_logger, exception, report.Address.ToString(), report.Rule ?? "-"));
        var communities = new CommunitySet(_options.Communities);
        var processor = new TrapProcessor(new TrapMatcher(rules, _options.MaxTrackedAddresses), communities, usm, reports, _metrics, rejects, _time, _logger);
        Log.Configured(_logger, rules.Count, string.Join(", ", rules.Select(r => r.Name)), communities.Count, _options.Users.Count, string.Join(", ", senders.Blocks));
        try
        {
            _listener = new TrapUdpListener(SnmpTrapReceiverOptionsValidator.ToEndPoint(_options.Listen)!, senders, processor, _metrics, rejects, _logger);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidOperationException(
                $"{SnmpTrapReceiverOptions.SectionName}:Listen: cannot bind {_options.Listen} ({ex.SocketErrorCode}: {ex.Message}); a port below 1024 needs CAP_NET_BIND_SERVICE", ex);
        }

        Log.Listening(_logger, _listener.LocalEndPoint, _listener.LocalEndPoint.Port, engine.EngineIdHex, engine.Boots);
        var token = _stopping.Token;
        _running.Add(reports.RunAsync(token));
        _running.Add(Task.Run(() => _listener.RunAsync(token), CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        await Task.WhenAll(_running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
    }
}
