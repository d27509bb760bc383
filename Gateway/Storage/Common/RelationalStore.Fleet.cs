using System.Data.Common;
using System.Globalization;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>The fleet features: pull stream, report statistics, server registry rows.</summary>
internal abstract partial class RelationalStore : IChangeFeed, IReportStatistics, IServerStore
{
    public async ValueTask<StreamBatch> PullAsync(string consumer, bool restart, int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var stored = await ReadAsync(FleetSql.ConsumerCursor, r => r.GetInt64(0), cancellationToken, consumer);
        var batch = restart || stored.Count == 0
            ? await SnapshotAsync(now, cancellationToken)
            : await ChangesAfterAsync(stored[0], Math.Clamp(max, 1, 100_000), cancellationToken) ?? await SnapshotAsync(now, cancellationToken);
        await WriteAsync(
            session => session.ExecuteAsync(FleetSql.UpsertConsumer, cancellationToken, consumer, batch.Cursor, StoreCodes.ToUnixMs(now)),
            cancellationToken);
        return batch;
    }

    public async ValueTask<IReadOnlyList<StreamConsumer>> ListConsumersAsync(CancellationToken cancellationToken) =>
        await ReadAsync(
            FleetSql.ListConsumers, r => new StreamConsumer(r.GetString(0), r.GetInt64(1), StoreCodes.FromUnixMs(r.GetInt64(2))), cancellationToken);

    public async ValueTask<IReadOnlyList<RankedCount>> TopAttackersAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(FleetSql.TopAttackers, Ranked, cancellationToken, StoreCodes.ToUnixMs(since), StoreCodes.ToUnixMs(until), Math.Max(0, limit));

    public async ValueTask<IReadOnlyList<RankedCount>> TopReportingHostsAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(FleetSql.TopReportingHosts, Ranked, cancellationToken, StoreCodes.ToUnixMs(since), StoreCodes.ToUnixMs(until), Math.Max(0, limit));

    public async ValueTask<long> CountReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Convert.ToInt64(
            await ReadScalarAsync(FleetSql.CountReports, cancellationToken, StoreCodes.ToUnixMs(since), StoreCodes.ToUnixMs(until)),
            CultureInfo.InvariantCulture);

    public ValueTask<bool> AddServerAsync(ServerRecord server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return WriteAsync(
            async session => await session.ExecuteAsync(
                FleetSql.InsertServer, cancellationToken, server.Name, server.Address.ToString(), server.Credential, StoreCodes.ToDb(server.MaxAddresses),
                StoreCodes.ToDb(server.BanDuration), server.Scope, StoreCodes.ToDb(server.Group), server.Active, StoreCodes.ToDb(server.AllowListId),
                StoreCodes.ToUnixMs(server.CreatedAt)) == 1,
            cancellationToken);
    }

    public async ValueTask<ServerRecord?> GetServerAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(FleetSql.GetServer, Server, cancellationToken, name)).FirstOrDefault();

    public async ValueTask<IReadOnlyList<ServerRecord>> ListServersAsync(CancellationToken cancellationToken) =>
        await ReadAsync(FleetSql.ListServers, Server, cancellationToken);

    public ValueTask<bool> UpdateServerAsync(ServerRecord server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return WriteAsync(
            async session => await session.ExecuteAsync(
                FleetSql.UpdateServer, cancellationToken, server.Address.ToString(), server.Credential, StoreCodes.ToDb(server.MaxAddresses),
                StoreCodes.ToDb(server.BanDuration), server.Scope, StoreCodes.ToDb(server.Group), server.Active, StoreCodes.ToDb(server.AllowListId),
                server.Name) == 1,
            cancellationToken);
    }

    public ValueTask<bool> RemoveServerAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(FleetSql.DeleteServer, cancellationToken, name) == 1, cancellationToken);

    // The snapshot and the cursor come from one read snapshot, so a change committed while the snapshot is
    // read is either in the snapshot or after the cursor, never lost and never both.
    private async ValueTask<StreamBatch> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var transaction = await BeginChangeLogReadAsync(connection, cancellationToken);
        long cursor = Convert.ToInt64(await ScalarAsync(connection, transaction, FleetSql.LastChange, cancellationToken), CultureInfo.InvariantCulture);
        var changes = new List<StreamChange>();
        await using (var command = Command(connection, transaction, FleetSql.ActiveSnapshot, StoreCodes.ToUnixMs(now)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new StreamChange(0, "add", AddressRange.Parse(reader.GetString(1)), StoreCodes.FromUnixMs(reader.GetInt64(2))));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new StreamBatch(true, cursor, changes, false);
    }

    // Null when rows after the cursor were pruned: the consumer gets a snapshot instead (it did not pull for longer
    // than Storage:ChangeLogRetention).
    private async ValueTask<StreamBatch?> ChangesAfterAsync(long cursor, int max, CancellationToken cancellationToken)
    {
        var changes = new List<StreamChange>();
        await using (var connection = await OpenReaderAsync(cancellationToken))
        await using (var transaction = await BeginChangeLogReadAsync(connection, cancellationToken))
        {
            if (cursor < await PrunedThroughAsync(connection, transaction, cancellationToken))
            {
                return null;
            }

            await using var command = Command(connection, transaction, FleetSql.ChangesAfter, cursor, max + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new StreamChange(reader.GetInt64(0), reader.GetString(1), AddressRange.Parse(reader.GetString(2)), StoreCodes.FromUnixMs(reader.GetInt64(3))));
            }
        }

        bool more = changes.Count > max;
        if (more)
        {
            changes.RemoveAt(changes.Count - 1);
        }

        return new StreamBatch(false, changes.Count > 0 ? changes[^1].Sequence : cursor, changes, more);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, SqlStatement statement, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        statement.Apply(command);
        SqlStatement.Bind(command, values);
        return command;
    }

    private static async ValueTask<object?> ScalarAsync(
        DbConnection connection, DbTransaction transaction, SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, statement);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static RankedCount Ranked(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetInt64(2));

    private static ServerRecord Server(DbDataReader r) =>
        new(
            r.GetString(0),
            AddressRange.Parse(r.GetString(1)),
            r.GetString(2),
            r.IsDBNull(3) ? null : r.GetInt32(3),
            r.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(r.GetInt64(4)),
            r.GetString(5),
            Rows.NullableString(r, 6),
            r.GetBoolean(7),
            r.IsDBNull(8) ? null : r.GetInt64(8),
            StoreCodes.FromUnixMs(r.GetInt64(9)));
}
