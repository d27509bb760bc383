using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    public async ValueTask<IDecisionWriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) =>
        new DecisionWriteTransaction(await BeginSessionAsync(cancellationToken));

    public async ValueTask<Decision?> GetDecisionAsync(long id, CancellationToken cancellationToken) =>
        (await ReadAsync(Sql.GetDecision, Rows.Decision, cancellationToken, id)).FirstOrDefault();

    public async ValueTask<IReadOnlyList<Decision>> ListDecisionsAsync(DecisionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await ReadAsync(
            Sql.ListDecisions,
            Rows.Decision,
            cancellationToken,
            query.State is { } state ? StoreCodes.ToCode(state) : null,
            query.Address?.ToString(),
            query.Origin is { } origin ? StoreCodes.ToCode(origin) : null,
            query.BeforeId,
            Math.Max(0, query.Limit));
    }

    public IAsyncEnumerable<Decision> ListActiveDecisionsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        StreamAsync(Sql.ListActiveDecisions, Rows.Decision, cancellationToken, StoreCodes.ToUnixMs(now));

    public async ValueTask<long> CountActiveDecisionsAsync(CancellationToken cancellationToken) =>
        Convert.ToInt64(await ReadScalarAsync(Sql.CountActiveDecisions, cancellationToken), CultureInfo.InvariantCulture);

    public async ValueTask<IReadOnlyList<StoredReport>> ListReportsAsync(BanAddress address, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(Sql.ListReports, Rows.Report, cancellationToken, address.ToString(), Math.Max(0, limit));

    public ValueTask<IReadOnlyList<Decision>> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<Decision>>(
            async session =>
            {
                var due = await session.QueryAsync(Sql.SelectDueExpiries, Rows.Decision, cancellationToken, StoreCodes.ToUnixMs(now), Math.Max(0, max));
                var expired = new List<Decision>(due.Count);
                foreach (var decision in due)
                {
                    await session.ExecuteAsync(Sql.MarkExpired, cancellationToken, decision.Id);
                    var ended = decision with { State = DecisionState.Expired };
                    await DecisionWriteTransaction.EnqueueAllAsync(session, ChangeKind.Unban, ended, now, cancellationToken);
                    expired.Add(ended);
                }

                return expired;
            },
            cancellationToken);

    public async ValueTask<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) =>
        await ReadScalarAsync(Sql.NextExpiry, cancellationToken) is { } value
            ? StoreCodes.FromUnixMs(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;
}
