using System.Threading.Channels;
using FirewallGateway.Core.Decisions;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>
/// Bans wait here for the core, so the listener never waits on the store: a bounded queue drained by a few
/// submitters. When full, a ban is dropped and counted (the sender's next trap counts again).
/// </summary>
internal sealed class TrapReportQueue
{
    private const int Submitters = 2;
    private readonly Channel<BanReport> _reports;
    private readonly IReportSink _sink;
    private readonly ILogger _logger;

    public TrapReportQueue(int capacity, IReportSink sink, ILogger logger)
    {
        _reports = Channel.CreateBounded<BanReport>(new BoundedChannelOptions(capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _sink = sink;
        _logger = logger;
    }

    /// <summary>Queues a ban; false when the queue is full (the caller counts it).</summary>
    public bool TryAdd(BanReport report) => _reports.Writer.TryWrite(report);

    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(() => SubmitAsync(stoppingToken), CancellationToken.None)));

    private async Task SubmitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var report in _reports.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var outcome = await _sink.SubmitAsync(report, stoppingToken);
                    Log.Submitted(_logger, report.Address.ToString(), report.Rule ?? "-", outcome.GetType().Name);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.SubmitFailed(_logger, ex, report.Address.ToString(), report.Rule ?? "-");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
