using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>The decision service's group-commit transaction over one <see cref="WriteSession"/>.</summary>
internal sealed class DecisionWriteTransaction : IDecisionWriteTransaction
{
    private readonly WriteSession _session;

    public DecisionWriteTransaction(WriteSession session)
    {
        _session = session;
    }

    public ValueTask<Decision?> FindActiveDecisionAsync(BanAddress address, CancellationToken cancellationToken) =>
        _session.QueryFirstAsync(Sql.FindActiveDecision, Rows.Decision, cancellationToken, address.ToString());

    public async ValueTask<int> CountDecisionsSinceAsync(BanAddress address, DateTimeOffset since, CancellationToken cancellationToken) =>
        Convert.ToInt32(
            await _session.ScalarAsync(Sql.CountDecisionsSince, cancellationToken, address.ToString(), StoreCodes.ToUnixMs(since)),
            CultureInfo.InvariantCulture);

    public async ValueTask<bool> ReportKeyExistsAsync(string deduplicationKey, CancellationToken cancellationToken) =>
        await _session.ScalarAsync(Sql.ReportKeyExists, cancellationToken, deduplicationKey) is not null;

    public async ValueTask<Decision> InsertDecisionAsync(Decision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        long id = await _session.InsertReturningIdAsync(
            Sql.InsertDecision,
            cancellationToken,
            decision.Address.ToString(),
            AddressRange.Start(decision.Address),
            AddressRange.End(decision.Address),
            StoreCodes.ToCode(decision.Origin),
            decision.Reason,
            StoreCodes.ToUnixMs(decision.FirstSeen),
            StoreCodes.ToUnixMs(decision.LastSeen),
            StoreCodes.ToUnixMs(decision.ExpiresAt),
            decision.ReportCount,
            StoreCodes.ToCode(decision.State),
            decision.CreatedBy);
        return decision with { Id = id };
    }

    public async ValueTask UpdateDecisionAsync(Decision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        long last = StoreCodes.ToUnixMs(decision.LastSeen);
        long expires = StoreCodes.ToUnixMs(decision.ExpiresAt);
        string state = StoreCodes.ToCode(decision.State);
        int rows = await _session.ExecuteAsync(
            Sql.UpdateDecisionKeepingState, cancellationToken, last, expires, decision.ReportCount, decision.Reason, decision.Id, state);
        if (rows == 0)
        {
            rows = await _session.ExecuteAsync(
                Sql.UpdateDecision, cancellationToken, last, expires, decision.ReportCount, decision.Reason, state, decision.Id);
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"decision {decision.Id} does not exist");
        }
    }

    public async ValueTask InsertReportAsync(BanReport report, long? decisionId, string outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _session.ExecuteAsync(
            Sql.InsertReport,
            cancellationToken,
            report.Address.ToString(),
            report.Reporter,
            StoreCodes.ToCode(report.Source),
            report.Reason,
            StoreCodes.ToDb(report.RequestedDuration),
            StoreCodes.ToUnixMs(report.ObservedAt),
            report.Host,
            report.Rule,
            report.Protocol,
            report.Port,
            StoreCodes.ToDb(report.Failures),
            report.Evidence,
            report.DeduplicationKey,
            StoreCodes.ToDb(decisionId),
            outcome);
    }

    public async ValueTask EnqueueAsync(
        ChangeKind kind, Decision decision, DateTimeOffset now, IReadOnlyCollection<string>? targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (targets is null)
        {
            await EnqueueAllAsync(_session, kind, decision, now, cancellationToken);
            return;
        }

        foreach (string target in targets)
        {
            await _session.ExecuteAsync(
                Sql.EnqueueForTarget,
                cancellationToken,
                target,
                StoreCodes.ToCode(kind),
                decision.Address.ToString(),
                decision.Id,
                StoreCodes.ToUnixMs(decision.ExpiresAt),
                StoreCodes.ToUnixMs(now));
        }
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken) => _session.CommitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    /// <summary>Queues the change for every enabled target, replacing pending changes of the same addresses.</summary>
    internal static async ValueTask EnqueueAllAsync(
        WriteSession session, ChangeKind kind, Decision decision, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            Sql.EnqueueForEnabledTargets,
            cancellationToken,
            StoreCodes.ToCode(kind),
            decision.Address.ToString(),
            decision.Id,
            StoreCodes.ToUnixMs(decision.ExpiresAt),
            StoreCodes.ToUnixMs(now));
}
