using System.Data.Common;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    public async ValueTask SyncTargetsAsync(IReadOnlyList<(string Name, string Kind)> configured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        await WriteAsync(
            async session =>
            {
                var wanted = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (name, kind) in configured)
                {
                    wanted.Add(name);
                    await session.ExecuteAsync(Sql.UpsertTarget, cancellationToken, name, kind, true);
                }

                foreach (string known in await session.QueryAsync(Sql.ListTargetNames, r => r.GetString(0), cancellationToken))
                {
                    if (!wanted.Contains(known))
                    {
                        await session.ExecuteAsync(Sql.DisableTarget, cancellationToken, false, known);
                    }
                }

                return true;
            },
            cancellationToken);
    }

    public async ValueTask<IReadOnlyList<TargetStatus>> ListTargetsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(Sql.ListTargets, Rows.Target, cancellationToken);

    public async ValueTask RecordContactAsync(string target, DateTimeOffset at, string? failure, CancellationToken cancellationToken)
    {
        long when = StoreCodes.ToUnixMs(at);
        await WriteAsync(
            session => failure is null
                ? session.ExecuteAsync(Sql.RecordSuccess, cancellationToken, when, target)
                : session.ExecuteAsync(Sql.RecordFailure, cancellationToken, when, failure, target),
            cancellationToken);
    }

    public async ValueTask<IReadOnlyList<EnforcementStatus>> ListEnforcementAsync(BanAddress address, CancellationToken cancellationToken)
    {
        string text = address.ToString();
        await using var connection = await OpenReaderAsync(cancellationToken);

        // Both reads run in one transaction so a completion committed between them cannot hide a target.
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var byTarget = new SortedDictionary<string, EnforcementStatus>(StringComparer.Ordinal);
        foreach (var recorded in await QueryAsync(connection, transaction, Sql.ListEnforcementForAddress, RecordedStatus, text, cancellationToken))
        {
            byTarget[recorded.Target] = recorded;
        }

        // A waiting outbox row is the newer truth: the target has not confirmed what the gateway now wants.
        foreach (var waiting in await QueryAsync(connection, transaction, Sql.ListOutboxForAddress, OutboxStatus, text, cancellationToken))
        {
            byTarget[waiting.Target] = waiting;
        }

        return [.. byTarget.Values];
    }

    private static EnforcementStatus RecordedStatus(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), Rows.NullableString(r, 2), StoreCodes.FromUnixMs(r.GetInt64(3)), r.GetInt32(4));

    private static EnforcementStatus OutboxStatus(DbDataReader r)
    {
        int attempts = r.GetInt32(1);
        return new EnforcementStatus(
            r.GetString(0),
            attempts > 0 ? EnforcementStates.Failed : EnforcementStates.Pending,
            Rows.NullableString(r, 2),
            StoreCodes.FromUnixMs(r.GetInt64(3)),
            attempts);
    }

    private static async ValueTask<List<T>> QueryAsync<T>(
        DbConnection connection, DbTransaction transaction, SqlStatement statement, Func<DbDataReader, T> map, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        statement.Apply(command);
        SqlStatement.Bind(command, value);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
