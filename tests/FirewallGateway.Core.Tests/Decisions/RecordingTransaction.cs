using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Tests.Decisions;

/// <summary>An in-memory write transaction that records what the merger wrote.</summary>
internal sealed class RecordingTransaction : IDecisionWriteTransaction
{
    public List<Decision> Decisions { get; } = [];

    public List<(BanReport Report, long? DecisionId, string Outcome)> Reports { get; } = [];

    public List<(ChangeKind Kind, Decision Decision)> Enqueued { get; } = [];

    public bool Committed { get; private set; }

    public ValueTask<Decision?> FindActiveDecisionAsync(BanAddress address, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Decisions.LastOrDefault(d => d.Address == address && d.State == DecisionState.Active));

    public ValueTask<int> CountDecisionsSinceAsync(BanAddress address, DateTimeOffset since, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Decisions.Count(d => d.Address == address && d.FirstSeen >= since));

    public ValueTask<bool> ReportKeyExistsAsync(string deduplicationKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Reports.Any(r => r.Report.DeduplicationKey == deduplicationKey));

    public ValueTask<Decision> InsertDecisionAsync(Decision decision, CancellationToken cancellationToken)
    {
        var stored = decision with { Id = Decisions.Count + 1 };
        Decisions.Add(stored);
        return ValueTask.FromResult(stored);
    }

    public ValueTask UpdateDecisionAsync(Decision decision, CancellationToken cancellationToken)
    {
        Decisions[Decisions.FindIndex(d => d.Id == decision.Id)] = decision;
        return ValueTask.CompletedTask;
    }

    public ValueTask InsertReportAsync(BanReport report, long? decisionId, string outcome, CancellationToken cancellationToken)
    {
        Reports.Add((report, decisionId, outcome));
        return ValueTask.CompletedTask;
    }

    public ValueTask EnqueueAsync(ChangeKind kind, Decision decision, DateTimeOffset now, IReadOnlyCollection<string>? targets, CancellationToken cancellationToken)
    {
        Enqueued.Add((kind, decision));
        return ValueTask.CompletedTask;
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        Committed = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
