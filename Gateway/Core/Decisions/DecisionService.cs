namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The core's front door for receivers: queues the report for the single writer and returns its outcome once
/// it is committed. Back-pressure comes from the bounded queue, never from dropping.
/// </summary>
internal sealed class DecisionService : IReportSink
{
    private readonly ReportQueue _queue;

    public DecisionService(ReportQueue queue)
    {
        _queue = queue;
    }

    public async ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pending = new PendingReport(report);
        await _queue.Channel.Writer.WriteAsync(pending, cancellationToken);

        // Once queued the report will be written even if this caller gives up: only the wait is cancellable.
        return await pending.Task.WaitAsync(cancellationToken);
    }
}
