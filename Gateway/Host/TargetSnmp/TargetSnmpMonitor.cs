using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Snmp;
using FirewallGateway.Snmp.Client;

namespace FirewallGateway.TargetSnmp;

/// <summary>
/// Polls one target's agent for sysUpTime.0, sysName.0 and sysDescr.0; when the readings show a reboot, asks
/// the target's worker to reconcile at once (a rebooted RouterOS has lost every entry with a timeout).
/// </summary>
internal sealed partial class TargetSnmpMonitor : IDisposable
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    /// <summary>Agents' text is the device's to choose: keep what is shown and exported short.</summary>
    private const int MaxTextLength = 255;

    private readonly SnmpClient _client;
    private readonly UptimeWatch _watch = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITargetReconcileTrigger _reconcile;
    private readonly TargetSnmpMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private TargetSnmpStatus _status;

    public TargetSnmpMonitor(
        string target, TargetSnmpOptions options, ITargetReconcileTrigger reconcile, TargetSnmpMetrics metrics, TimeProvider time, ILogger logger)
    {
        Target = target;
        PollInterval = options.PollInterval;
        var (agent, clientOptions) = TargetSnmpOptionsReader.ToAgent(options);
        _client = new SnmpClient(agent, time, clientOptions);
        _reconcile = reconcile;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _status = TargetSnmpStatus.NotYetPolled($"udp:{options.Host}:{options.Port} {options.Version.ToString().ToLowerInvariant()}");
    }

    public string Target { get; }

    public TimeSpan PollInterval { get; }

    public TargetSnmpStatus Status => Volatile.Read(ref _status);

    /// <summary>Polls now (the timer, or <c>targets check</c>); never throws but for cancellation.</summary>
    public async Task<TargetSnmpStatus> PollAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var status = await PollOnceAsync(cancellationToken);
            Volatile.Write(ref _status, status);
            _metrics.Polled(Target, status);
            return status;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }

    private async Task<TargetSnmpStatus> PollOnceAsync(CancellationToken cancellationToken)
    {
        var previous = Status;
        IReadOnlyList<VarBind> values;
        try
        {
            values = await _client.GetAsync([SysUpTime, SysName, SysDescr], cancellationToken);
        }
        catch (SnmpRequestException ex)
        {
            Log.PollFailed(_logger, Target, ex.Reason, ex.Message);
            return previous with { LastPollAt = _time.GetUtcNow(), LastResult = ex.Reason, LastError = ex.Message };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A socket that cannot be made (no IPv6 here) must not end the polling of this target for good.
            Log.PollFailed(_logger, Target, "error", ex.Message);
            return previous with { LastPollAt = _time.GetUtcNow(), LastResult = "error", LastError = ex.Message };
        }

        var now = _time.GetUtcNow();
        if (values.Count != 3 || values[0].Value.Kind != SnmpValueKind.TimeTicks)
        {
            const string Why = "the agent did not return sysUpTime.0 as TimeTicks";
            Log.PollFailed(_logger, Target, "bad-answer", Why);
            return previous with { LastPollAt = now, LastResult = "bad-answer", LastError = Why };
        }

        uint ticks = values[0].Value.AsUInt32();
        var uptime = values[0].Value.AsTimeSpan();
        var status = previous with
        {
            LastPollAt = now,
            LastResult = "ok",
            LastError = null,
            SysName = TextOf(values[1].Value),
            SysDescr = TextOf(values[2].Value),
            Uptime = uptime,
        };
        if (_watch.Observe(ticks, now, _client.EngineBoots) is { } why)
        {
            status = status with { LastRebootAt = now - uptime, RebootsSeen = previous.RebootsSeen + 1 };
            _metrics.Rebooted(Target);
            Log.Rebooted(_logger, Target, why);
            _reconcile.ReconcileNow(Target);
        }

        return status;
    }

    private static string? TextOf(SnmpValue value)
    {
        if (value.Kind != SnmpValueKind.OctetString)
        {
            return null;
        }

        string text = value.AsString();
        return PrintableText.Escape(text.Length > MaxTextLength ? text[..MaxTextLength] : text);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Target {Target} rebooted ({Why}): its timed entries are gone, reconciling it now")]
        public static partial void Rebooted(ILogger logger, string target, string why);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "SNMP poll of target {Target} failed ({Reason}): {Error}")]
        public static partial void PollFailed(ILogger logger, string target, string reason, string error);
    }
}
