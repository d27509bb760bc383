using System.Buffers;
using System.Net;
using System.Threading.Channels;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Common;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>
/// Listeners hand copies of messages here and return at once. One worker decodes, parses and runs the rules;
/// bans go through a second bounded queue to submitters that await the core. Neither queue ever blocks a
/// listener: when one is full the message (or ban) is dropped and counted.
/// </summary>
internal sealed class SyslogPipeline
{
    private const int Submitters = 4;
    private readonly Channel<SyslogDatagram> _messages;
    private readonly BanReportQueue _reports;
    private readonly DetectionEngine _engine;
    private readonly SyslogMetrics _metrics;
    private readonly RejectLog _rejects;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxEvidence;
    private readonly List<RuleMatch> _matches = [];
    private char[] _chars = [];

    public SyslogPipeline(
        SyslogReceiverOptions options, DetectionEngine engine, IReportSink sink, SyslogMetrics metrics, RejectLog rejects, TimeProvider time, ILogger logger)
    {
        _messages = Channel.CreateBounded<SyslogDatagram>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _reports = new BanReportQueue(
            options.ReportQueueCapacity,
            Submitters,
            sink,
            (report, outcome) => Log.Submitted(logger, report.Address.ToString(), report.Rule ?? "-", outcome.GetType().Name),
            (report, exception) => Log.SubmitFailed(logger, exception, report.Address.ToString(), report.Rule ?? "-"));
        _engine = engine;
        _metrics = metrics;
        _rejects = rejects;
        _time = time;
        _logger = logger;
        _maxEvidence = options.MaxEvidenceLength;
    }

    /// <summary>Copies the message out of the caller's receive buffer and queues it; never waits.</summary>
    public void Enqueue(ReadOnlySpan<byte> message, IPAddress sender)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(copy);
        Enqueue(new SyslogDatagram(copy, message.Length, sender));
    }

    /// <summary>Copies a (possibly multi-segment) TCP frame and queues it; never waits.</summary>
    public void Enqueue(in ReadOnlySequence<byte> message, IPAddress sender)
    {
        int length = checked((int)message.Length);
        byte[] copy = ArrayPool<byte>.Shared.Rent(length);
        message.CopyTo(copy);
        Enqueue(new SyslogDatagram(copy, length, sender));
    }

    /// <summary>The detection worker and the submitters, until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        return Task.WhenAll(Task.Run(() => DetectAsync(stoppingToken), CancellationToken.None), _reports.RunAsync(stoppingToken));
    }

    /// <summary>Decodes, parses and runs the rules over one message (the worker's step; also used by tests).</summary>
    internal void Process(ReadOnlySpan<byte> bytes, IPAddress sender)
    {
        int max = MessageDecoder.MaxChars(bytes.Length);
        if (_chars.Length < max)
        {
            _chars = new char[Math.Max(max, 4096)];
        }

        if (!MessageDecoder.TryDecode(bytes, _chars, out int written, out string? reject)
            || !SyslogParser.TryParse(_chars.AsSpan(0, written), requirePriority: true, out var message, out reject))
        {
            _rejects.Reject(reject!, sender.ToString());
            return;
        }

        _matches.Clear();
        var now = _time.GetUtcNow();
        if (!_engine.Process(message, now, _matches))
        {
            return;
        }

        foreach (var match in _matches)
        {
            _metrics.RecordMatch(match.Rule.Name, match.Bans);
            if (match.Bans)
            {
                RaiseBan(match, message, _chars.AsSpan(0, written), sender, now);
            }
        }
    }

    private void Enqueue(SyslogDatagram datagram)
    {
        if (!_messages.Writer.TryWrite(datagram))
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
            _rejects.Reject(RejectReasons.QueueFull, datagram.Sender.ToString());
        }
    }

    private void RaiseBan(in RuleMatch match, in SyslogMessage message, ReadOnlySpan<char> line, IPAddress sender, DateTimeOffset now)
    {
        string from = sender.ToString();
        var rule = match.Rule;
        var report = new BanReport(
            match.Address, "syslog:" + from, ReportSource.Syslog, $"syslog rule {rule.Name}: {match.Failures} failures within {rule.FindTime}", rule.BanTime, now)
        {
            Host = message.Host.IsEmpty ? from : message.Host.ToString(),
            Rule = rule.Name,
            Failures = match.Failures,
            Evidence = line.Length <= _maxEvidence ? line.ToString() : line[.._maxEvidence].ToString(),
        };
        Log.BanRaised(_logger, rule.Name, match.Address.ToString(), match.Failures, rule.FindTime, from);
        if (!_reports.TryAdd(report))
        {
            _rejects.Reject(RejectReasons.ReportQueueFull, from);
        }
    }

    private async Task DetectAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var datagram in _messages.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    Process(datagram.Buffer.AsSpan(0, datagram.Length), datagram.Sender);
                }
                catch (Exception ex)
                {
                    // A message that trips a bug is lost, the worker is not.
                    Log.ReceiveFailed(_logger, ex, "worker");
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(datagram.Buffer);
                    _metrics.RecordProcessed();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
