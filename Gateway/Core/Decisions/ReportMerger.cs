using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// Turns one report into a decision change inside an open write transaction: refuse what policy protects,
/// drop duplicate deliveries, merge repeats into the active decision, escalate repeat offenders, and queue the
/// change for every target in the same transaction so nothing decided can be lost on the way to a target.
/// </summary>
internal sealed class ReportMerger
{
    // Re-pushing a ban costs a target round trip; extensions shorter than this wait for the reconciler's renewal.
    private static readonly TimeSpan MinimumExtensionToPush = TimeSpan.FromMinutes(1);

    private readonly AddressFilter _filter;
    private readonly PolicyOptions _policy;
    private readonly HashSet<string> _echoReporters;
    private readonly IPv6Widening _widening;

    public ReportMerger(AddressFilter filter, PolicyOptions policy)
    {
        _filter = filter;
        _policy = policy;
        _echoReporters = new HashSet<string>(policy.EchoReporters, StringComparer.Ordinal);
        _widening = new IPv6Widening(filter, policy);
    }

    /// <summary>The rules a batch-merging store applies on the server (<see cref="IBatchMergeStore"/>).</summary>
    public BatchMergeRules BatchRules => new(
        _policy.EscalationFactor, _policy.EscalationWindow, _policy.MaximumBanDuration, MinimumExtensionToPush);

    /// <summary>Decides what needs the gateway's memory before a batch-merging store sees the report.</summary>
    public BatchMergeItem Prepare(BanReport report, out FilterVerdict? verdict)
    {
        verdict = _filter.Check(report.Address);
        return new BatchMergeItem(
            report,
            verdict?.Code,
            _echoReporters.Contains(report.Reporter),
            DecisionDurations.Clamp(_policy, report.RequestedDuration ?? _policy.DefaultBanDuration),
            _widening.AddressToBan(report));
    }

    /// <summary>
    /// Adds the keys a server-side merge serialises <paramref name="report"/> by: the address it names, the block
    /// it bans when IPv6 widening applies, and its deduplication key. Two reports sharing none of them may be
    /// merged in either order; reports sharing one must be merged in arrival order.
    /// </summary>
    public void AddOrderingKeys(BanReport report, List<string> keys)
    {
        keys.Add(report.Address.ToString());
        var banned = _widening.AddressToBan(report);
        if (banned != report.Address)
        {
            keys.Add(banned.ToString());
        }

        if (report.DeduplicationKey is { } key)
        {
            keys.Add("key:" + key);
        }
    }

    /// <summary>The outcome of a report merged by a batch-merging store, worded as <see cref="MergeAsync"/> words it.</summary>
    public static ReportOutcome ToOutcome(BatchMergeItem item, FilterVerdict? verdict, BatchMergeResult result)
    {
        var report = item.Report;
        return result.Code switch
        {
            OutcomeCodes.Duplicate => new ReportOutcome.Rejected(
                OutcomeCodes.Duplicate, $"a report with key '{report.DeduplicationKey}' was already received"),
            OutcomeCodes.Created or OutcomeCodes.Merged => new ReportOutcome.Accepted(
                result.Decision ?? throw new InvalidOperationException("the store returned no decision for an accepted report"),
                Created: result.Code == OutcomeCodes.Created),
            OutcomeCodes.Echo => new ReportOutcome.Ignored(
                OutcomeCodes.Echo,
                $"{item.BannedAddress} is already banned by decision {result.Decision?.Id}; reports from echo reporter '{report.Reporter}' never extend it"),
            _ when verdict is not null && verdict.Code == result.Code => new ReportOutcome.Ignored(verdict.Code, verdict.Message),
            _ => throw new InvalidOperationException($"the store returned the unknown outcome '{result.Code}'"),
        };
    }

    /// <summary>Applies the report; <paramref name="enqueued"/> is set when a target has new work.</summary>
    public async ValueTask<ReportOutcome> MergeAsync(
        IDecisionWriteTransaction transaction, BanReport report, DateTimeOffset now, Action enqueued, CancellationToken cancellationToken)
    {
        if (report.DeduplicationKey is { } key && await transaction.ReportKeyExistsAsync(key, cancellationToken))
        {
            return new ReportOutcome.Rejected(OutcomeCodes.Duplicate, $"a report with key '{key}' was already received");
        }

        if (_filter.Check(report.Address) is { } verdict)
        {
            await transaction.InsertReportAsync(report, null, verdict.Code, cancellationToken);
            return new ReportOutcome.Ignored(verdict.Code, verdict.Message);
        }

        // The report is stored with the address it named; the decision may cover its whole IPv6 prefix.
        var banned = _widening.AddressToBan(report);
        var active = await transaction.FindActiveDecisionAsync(banned, cancellationToken);
        if (active is not null && active.ExpiresAt > now)
        {
            return await MergeIntoAsync(transaction, active, report, now, enqueued, cancellationToken);
        }

        if (active is not null)
        {
            // Expired but not yet swept: close it here so the new decision is the only active one.
            await transaction.UpdateDecisionAsync(active with { State = DecisionState.Expired }, cancellationToken);
        }

        int earlier = _policy.EscalationFactor > 1.0
            ? await transaction.CountDecisionsSinceAsync(banned, now - _policy.EscalationWindow, cancellationToken)
            : 0;
        var duration = DecisionDurations.ForNewDecision(_policy, report.RequestedDuration, earlier);
        var decision = await transaction.InsertDecisionAsync(
            new Decision(0, banned, report.Source, report.Reason, now, now, now + duration, 1, DecisionState.Active)
            {
                CreatedBy = report.Reporter,
            },
            cancellationToken);
        await transaction.InsertReportAsync(report, decision.Id, OutcomeCodes.Created, cancellationToken);
        await transaction.EnqueueAsync(ChangeKind.Ban, decision, now, null, cancellationToken);
        enqueued();
        return new ReportOutcome.Accepted(decision, Created: true);
    }

    private async ValueTask<ReportOutcome> MergeIntoAsync(
        IDecisionWriteTransaction transaction, Decision active, BanReport report, DateTimeOffset now, Action enqueued, CancellationToken cancellationToken)
    {
        if (_echoReporters.Contains(report.Reporter))
        {
            await transaction.InsertReportAsync(report, active.Id, OutcomeCodes.Echo, cancellationToken);
            return new ReportOutcome.Ignored(
                OutcomeCodes.Echo,
                $"{active.Address} is already banned by decision {active.Id}; reports from echo reporter '{report.Reporter}' never extend it");
        }

        var wanted = now + DecisionDurations.Clamp(_policy, report.RequestedDuration ?? _policy.DefaultBanDuration);
        var merged = active with
        {
            LastSeen = now,
            ReportCount = active.ReportCount + 1,
            ExpiresAt = wanted > active.ExpiresAt ? wanted : active.ExpiresAt,
        };
        await transaction.UpdateDecisionAsync(merged, cancellationToken);
        await transaction.InsertReportAsync(report, merged.Id, OutcomeCodes.Merged, cancellationToken);
        if (merged.ExpiresAt - active.ExpiresAt >= MinimumExtensionToPush)
        {
            await transaction.EnqueueAsync(ChangeKind.Ban, merged, now, null, cancellationToken);
            enqueued();
        }

        return new ReportOutcome.Accepted(merged, Created: false);
    }
}
