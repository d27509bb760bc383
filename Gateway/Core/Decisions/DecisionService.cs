using FirewallGateway.Core.Options;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The core's front door for receivers: queues the report for the single writer and returns its outcome once
/// it is committed. Back-pressure comes from the bounded queue, never from dropping: a receiver waits a bounded
/// time for room, then gets <see cref="ReportQueueFullException"/> (answered 503), so waiting callers and their
/// memory cannot pile up without bound either.
/// </summary>
internal sealed class DecisionService : IReportSink
{
    private readonly ReportQueue _queue;
    private readonly TimeProvider _time;
    private readonly TimeSpan _queueFullWait;

    public DecisionService(ReportQueue queue, TimeProvider time, IOptions<DecisionWriterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _time = time;
        _queueFullWait = options.Value.QueueFullWait;
    }

    public async ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pending = new PendingReport(report);
        if (!_queue.Channel.Writer.TryWrite(pending))
        {
            await WaitForRoomAsync(pending, cancellationToken);
        }

        // Once queued the report will be written even if this caller gives up: only the wait is cancellable.
        return await pending.Task.WaitAsync(cancellationToken);
    }

    private async Task WaitForRoomAsync(PendingReport pending, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_queueFullWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (await _queue.Channel.Writer.WaitToWriteAsync(linked.Token))
            {
                if (_queue.Channel.Writer.TryWrite(pending))
                {
                    return;
                }
            }

            throw new OperationCanceledException("the gateway is stopping");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ReportQueueFullException();
        }
    }
}
