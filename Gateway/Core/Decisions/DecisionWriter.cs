using System.Threading.Channels;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The single writer: takes every report waiting in the queue (up to a batch), merges them in ONE transaction
/// and commits once, then completes each caller. Durability per report at the cost of one commit per batch is
/// what lets the receivers answer 2xx only after the report is on disk and still ingest tens of thousands a second.
/// </summary>
internal sealed partial class DecisionWriter : BackgroundService
{
    private readonly ReportQueue _queue;
    private readonly IDecisionStore _store;
    private readonly IOutboxSignal _signal;
    private readonly ReportMerger _merger;
    private readonly ReportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DecisionWriter> _logger;
    private readonly int _maxBatch;

    public DecisionWriter(
        ReportQueue queue,
        IDecisionStore store,
        IOutboxSignal signal,
        AddressFilter filter,
        IOptions<PolicyOptions> policy,
        IOptions<DecisionWriterOptions> options,
        ReportMetrics metrics,
        TimeProvider time,
        ILogger<DecisionWriter> logger)
    {
        _queue = queue;
        _store = store;
        _signal = signal;
        _merger = new ReportMerger(filter, policy.Value);
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxBatch = options.Value.MaxBatchSize;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Channel.Reader;
        var batch = new List<PendingReport>(_maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                Drain(reader, batch);
                if (batch.Count > 1 && batch.Count < _maxBatch)
                {
                    // More than one waiting means reports arrive faster than one commit each: step back once
                    // behind the request work already queued on the thread pool so its reports join this commit.
                    // The commit's fixed cost (the log write of every page it touches) is then shared by more
                    // reports; a lone report is written at once.
                    await Task.Yield();
                    Drain(reader, batch);
                }

                await WriteBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Whatever is still queued at shutdown was never acknowledged: tell the callers so they answer 503.
        while (reader.TryRead(out var left))
        {
            left.TrySetException(new OperationCanceledException("the gateway is stopping"));
        }
    }

    private void Drain(ChannelReader<PendingReport> reader, List<PendingReport> batch)
    {
        while (batch.Count < _maxBatch && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task WriteBatchAsync(List<PendingReport> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ReportOutcome[batch.Count];
        bool enqueued = false;
        try
        {
            if (_store is IBatchMergeStore batchStore)
            {
                enqueued = await MergeOnServerAsync(batchStore, batch, outcomes, cancellationToken);
            }
            else
            {
                await using var transaction = await _store.BeginWriteAsync(cancellationToken);
                var now = _time.GetUtcNow();
                for (int i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = await _merger.MergeAsync(transaction, batch[i].Report, now, () => enqueued = true, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            _metrics.RecordCommit();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.BatchFailed(_logger, batch.Count, ex);
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }

            return;
        }

        if (enqueued)
        {
            _signal.Notify(null);
        }

        for (int i = 0; i < batch.Count; i++)
        {
            _metrics.Record(batch[i].Report.Source, outcomes[i]);
            batch[i].TrySetResult(outcomes[i]);
        }
    }

    /// <summary>
    /// The whole batch in one call to the store (one round trip to a database server instead of three to five
    /// per report); the filter, echo and duration decisions that need this gateway's memory are made first.
    /// </summary>
    private async ValueTask<bool> MergeOnServerAsync(
        IBatchMergeStore store, List<PendingReport> batch, ReportOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var items = new BatchMergeItem[batch.Count];
        var verdicts = new FilterVerdict?[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            items[i] = _merger.Prepare(batch[i].Report, out verdicts[i]);
        }

        var results = await store.MergeBatchAsync(items, _merger.BatchRules, _time.GetUtcNow(), cancellationToken);
        bool enqueued = false;
        for (int i = 0; i < batch.Count; i++)
        {
            outcomes[i] = ReportMerger.ToOutcome(items[i], verdicts[i], results[i]);
            enqueued |= results[i].Enqueued;
        }

        return enqueued;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Writing a batch of {Count} reports failed; the callers get an error and may retry")]
        public static partial void BatchFailed(ILogger logger, int count, Exception exception);
    }
}
