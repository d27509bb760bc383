using System.Threading.Channels;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Receivers.Common;

/// <summary>
/// Bans a listener raised wait here for the core, so no listener ever waits on the store: a bounded queue with
/// one writer, drained by a few submitters. When full, a ban is dropped and the caller counts it (the
/// sender's next failure counts again). Shared by the syslog and SNMP trap receivers.
/// </summary>
internal sealed class BanReportQueue
{
    private readonly Channel<BanReport> _reports;
    private readonly int _submitters;
    private readonly IReportSink _sink;
    private readonly Action<BanReport, ReportOutcome> _submitted;
    private readonly Action<BanReport, Exception> _failed;

    /// <param name="capacity">Bans that may wait.</param>
    /// <param name="submitters">Concurrent submissions to the core.</param>
    /// <param name="sink">The core.</param>
    /// <param name="submitted">Called with each outcome (the receiver logs it).</param>
    /// <param name="failed">Called when a submission throws (the ban is lost; the receiver logs it).</param>
    public BanReportQueue(int capacity, int submitters, IReportSink sink, Action<BanReport, ReportOutcome> submitted, Action<BanReport, Exception> failed)
    {
        _reports = Channel.CreateBounded<BanReport>(new BoundedChannelOptions(capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _submitters = submitters;
        _sink = sink;
        _submitted = submitted;
        _failed = failed;
    }

    /// <summary>Queues a ban; false when the queue is full (the caller counts it).</summary>
    public bool TryAdd(BanReport report) => _reports.Writer.TryWrite(report);

    /// <summary>The submitters, until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _submitters).Select(_ => Task.Run(() => SubmitAsync(stoppingToken), CancellationToken.None)));

    private async Task SubmitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var report in _reports.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    _submitted(report, await _sink.SubmitAsync(report, stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    _failed(report, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
