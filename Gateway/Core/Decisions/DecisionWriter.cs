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
/// On a database server (<see cref="IBatchMergeStore"/>) it keeps up to <c>Writer:MaxBatchesInFlight</c> batches
/// of disjoint addresses on the way at once.
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
    private readonly int _maxInFlight;
    private readonly int _minBatchToOverlap;

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
        _maxInFlight = options.Value.MaxBatchesInFlight;
        _minBatchToOverlap = Math.Min(options.Value.MinBatchToOverlap, _maxBatch);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Channel.Reader;
        try
        {
            if (_store is IBatchMergeStore && _maxInFlight > 1)
            {
                await WriteOverlappedAsync(reader, stoppingToken);
            }
            else
            {
                await WriteOneAtATimeAsync(reader, stoppingToken);
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

    private async Task WriteOneAtATimeAsync(ChannelReader<PendingReport> reader, CancellationToken stoppingToken)
    {
        var batch = new List<PendingReport>(_maxBatch);
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

    /// <summary>
    /// On a database server a batch spends most of its time waiting: for the round trip and for its commit's log
    /// flush. Keeping several batches in flight overlaps those waits (the server flushes the commits that are
    /// ready together), so the writer is no longer bound to one batch per flush. Order per address is kept: a
    /// report whose address or key is in flight waits, with everything queued behind it, until that batch is
    /// answered.
    /// </summary>
    private async Task WriteOverlappedAsync(ChannelReader<PendingReport> reader, CancellationToken stoppingToken)
    {
        var inFlight = new InFlightBatches(_maxInFlight);
        Task<bool>? readable = null;
        bool queueOpen = true;

        // The batch being collected; it survives a turn when it is held back (too small to overlap).
        var batch = new List<PendingReport>();
        var keys = new List<string>();
        try
        {
            while (true)
            {
                if (inFlight.HasRoom)
                {
                    DrainUnblocked(reader, batch, keys, inFlight);
                    if (batch.Count > 1 && batch.Count < _maxBatch)
                    {
                        await Task.Yield();  // as in WriteOneAtATimeAsync: let queued request work join this batch
                        DrainUnblocked(reader, batch, keys, inFlight);
                    }

                    // Each merge call has a fixed cost on the server (its statements' start-up, the commit):
                    // a small batch beside one in flight would pay it for few reports, so it waits for an
                    // answer and grows meanwhile (Writer:MinBatchToOverlap; docs/benchmarks/postgres.md).
                    if (batch.Count > 0 && (inFlight.Count == 0 || batch.Count >= _minBatchToOverlap))
                    {
                        inFlight.Add(batch, keys, WriteBatchAsync(batch, stoppingToken));
                        batch = [];
                        keys = [];
                        continue;
                    }
                }

                // Nothing can start: wait for an answer, or, with room and nothing blocked at the queue's head,
                // for a report. One wait for reports is kept across turns rather than a new one each time.
                if (queueOpen && inFlight.HasRoom && !reader.TryPeek(out _))
                {
                    readable ??= reader.WaitToReadAsync(stoppingToken).AsTask();
                    Task woken = inFlight.Count == 0 ? readable : Task.WhenAny(readable, inFlight.WhenAnyCompleted());
                    await woken;
                    if (readable.IsCompleted)
                    {
                        queueOpen = await readable;
                        readable = null;
                    }
                }
                else if (inFlight.Count > 0)
                {
                    await inFlight.WhenAnyCompleted();
                }

                inFlight.RemoveCompleted();
                if (!queueOpen && inFlight.Count == 0 && batch.Count == 0)
                {
                    return;  // the queue was completed and emptied: nothing more will come
                }
            }
        }
        finally
        {
            // A held-back batch was taken from the queue but never sent: its callers were not acknowledged.
            foreach (var pending in batch)
            {
                pending.TrySetException(new OperationCanceledException("the gateway is stopping"));
            }

            await inFlight.DrainAsync();
        }
    }

    private void Drain(ChannelReader<PendingReport> reader, List<PendingReport> batch)
    {
        while (batch.Count < _maxBatch && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    /// <summary>Takes queued reports in order up to the first one whose keys are in flight.</summary>
    private void DrainUnblocked(ChannelReader<PendingReport> reader, List<PendingReport> batch, List<string> keys, InFlightBatches inFlight)
    {
        var reportKeys = new List<string>(3);
        while (batch.Count < _maxBatch && reader.TryPeek(out var next))
        {
            reportKeys.Clear();
            _merger.AddOrderingKeys(next.Report, reportKeys);
            if (inFlight.HoldsAny(reportKeys) || !reader.TryRead(out _))
            {
                return;
            }

            batch.Add(next);
            keys.AddRange(reportKeys);
        }
    }

    /// <summary>
    /// Writes one batch and completes each caller: with its outcome, or with the error when the batch failed or the
    /// gateway stopped under it (never acknowledged, so the reporter sends it again). Never throws.
    /// </summary>
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
        catch (Exception ex)
        {
            bool stopping = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            if (!stopping)
            {
                Log.BatchFailed(_logger, batch.Count, ex);
            }

            foreach (var pending in batch)
            {
                pending.TrySetException(stopping ? new OperationCanceledException("the gateway is stopping") : ex);
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
