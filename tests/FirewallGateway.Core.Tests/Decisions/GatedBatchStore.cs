using System.Collections.Concurrent;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Tests.Decisions;

/// <summary>
/// A batch-merging store whose batches stay "on the server" until the test answers them: each call is recorded
/// with its reports, and answered (every report created) when the test says so. Only the writer's path is served.
/// </summary>
internal sealed class GatedBatchStore : IDecisionStore, IBatchMergeStore
{
    private readonly ConcurrentQueue<Call> _calls = new();

    public IReadOnlyList<Call> Calls => [.. _calls];

    public async ValueTask<IReadOnlyList<BatchMergeResult>> MergeBatchAsync(
        IReadOnlyList<BatchMergeItem> items, BatchMergeRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var call = new Call([.. items.Select(i => i.Report)]);
        _calls.Enqueue(call);
        await call.Answer.Task.WaitAsync(cancellationToken);
        return [.. items.Select(i => new BatchMergeResult(
            OutcomeCodes.Created, new Decision(1, i.Report.Address, i.Report.Source, i.Report.Reason, now, now, now + i.BaseDuration, 1, DecisionState.Active), Enqueued: false))];
    }

    public ValueTask<IDecisionWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<Decision?> GetDecisionAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<Decision>> ListDecisionsAsync(DecisionQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<Decision> ListActiveDecisionsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<long> CountActiveDecisionsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<StoredReport>> ListReportsAsync(BanAddress address, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<Decision>> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    internal sealed record Call(IReadOnlyList<BanReport> Reports)
    {
        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
