using System.Data.Common;
using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.CrowdSec;

namespace FirewallGateway.Storage.Common;

/// <summary>The CrowdSec local API's rows: bouncers and their cursors, machines, decisions in a bouncer's shape.</summary>
internal abstract partial class RelationalStore : ICrowdSecStore
{
    public ValueTask<bool> AddBouncerAsync(string name, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        WriteAsync(
            async session => await session.ExecuteAsync(CrowdSecSql.InsertBouncer, cancellationToken, name, keyHash, StoreCodes.ToUnixMs(createdAt)) == 1,
            cancellationToken);

    public async ValueTask<IReadOnlyList<BouncerStatus>> ListBouncersAsync(CancellationToken cancellationToken) =>
        await ReadAsync(
            CrowdSecSql.ListBouncers,
            r => new BouncerStatus(
                r.GetString(0),
                StoreCodes.FromUnixMs(r.GetInt64(1)),
                r.IsDBNull(2) ? null : StoreCodes.FromUnixMs(r.GetInt64(2)),
                Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture)),
            cancellationToken);

    public ValueTask<bool> RemoveBouncerAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(CrowdSecSql.DeleteBouncer, cancellationToken, name) == 1, cancellationToken);

    public async ValueTask<string?> FindBouncerByKeyHashAsync(string keyHash, CancellationToken cancellationToken) =>
        (await ReadAsync(CrowdSecSql.FindBouncerByKeyHash, r => r.GetString(0), cancellationToken, keyHash)).FirstOrDefault();

    public async ValueTask<BouncerFeed> PullBouncerAsync(string name, bool startup, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(
            CrowdSecSql.BouncerCursor,
            r => (Cursor: r.IsDBNull(0) ? (long?)null : r.GetInt64(0), LastPull: r.IsDBNull(1) ? 0L : r.GetInt64(1)),
            cancellationToken,
            name);
        var (cursor, lastPull) = stored.Count == 0 ? (null, 0L) : stored[0];
        var (feed, newCursor) = startup || cursor is null
            ? await BouncerSnapshotAsync(now, null, cancellationToken)
            : await BouncerChangesAfterAsync(cursor.Value, lastPull, cancellationToken) ?? await BouncerSnapshotAsync(now, lastPull, cancellationToken);
        await WriteAsync(
            session => session.ExecuteAsync(CrowdSecSql.MoveBouncerCursor, cancellationToken, newCursor, StoreCodes.ToUnixMs(now), name),
            cancellationToken);
        return feed;
    }

    public async ValueTask<IReadOnlyList<BouncerDecision>> ActiveDecisionsAsync(
        BanAddress? inner, bool contains, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long at = StoreCodes.ToUnixMs(now);
        return inner is not { } address
            ? await ReadAsync(CrowdSecSql.ActiveDecisions, BouncerDecisionRow, cancellationToken, at)
            : await ReadAsync(
                contains ? CrowdSecSql.ActiveDecisionsContaining : CrowdSecSql.ActiveDecisionsInside,
                BouncerDecisionRow,
                cancellationToken,
                at,
                AddressRange.Start(address),
                AddressRange.End(address));
    }

    public async ValueTask RecordBouncerContactAsync(string name, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync(session => session.ExecuteAsync(CrowdSecSql.RecordBouncerContact, cancellationToken, StoreCodes.ToUnixMs(at), name), cancellationToken);

    public async ValueTask UpsertMachineAsync(string machineId, string passwordHash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        await WriteAsync(
            session => session.ExecuteAsync(CrowdSecSql.UpsertMachine, cancellationToken, machineId, passwordHash, StoreCodes.ToUnixMs(createdAt)),
            cancellationToken);

    public async ValueTask<MachineRecord?> FindMachineAsync(string machineId, CancellationToken cancellationToken) =>
        (await ReadAsync(CrowdSecSql.FindMachine, Machine, cancellationToken, machineId)).FirstOrDefault();

    public async ValueTask<IReadOnlyList<MachineRecord>> ListMachinesAsync(CancellationToken cancellationToken) =>
        await ReadAsync(CrowdSecSql.ListMachines, Machine, cancellationToken);

    public ValueTask<bool> RemoveMachineAsync(string machineId, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(CrowdSecSql.DeleteMachine, cancellationToken, machineId) == 1, cancellationToken);

    public async ValueTask RecordMachineContactAsync(string machineId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync(session => session.ExecuteAsync(CrowdSecSql.RecordMachineContact, cancellationToken, StoreCodes.ToUnixMs(at), machineId), cancellationToken);

    // The decisions and the cursor come from one read snapshot, so a change committed meanwhile is either in
    // the answer or after the cursor: never lost, never both.
    //
    // With resyncSinceMs (the bouncer's last pull, when the change rows after its cursor were pruned) this is a
    // re-sync on a pull that is not a startup one, where the bouncer keeps what it holds: every active decision
    // goes in `new` (it skips those it has), and `deleted` lists what may have ended or been extended since its
    // last pull: every decision no longer active that still ran then (its expiry is after that pull, whether it
    // expired or was lifted), and the active decisions seen again since (a longer expiry; like the change rows,
    // deletion then addition makes the firewall bouncer take the new timeout). A decision that ran at the last
    // pull is in one of the two lists, so nothing the bouncer holds stays blocked after it ended.
    private async ValueTask<(BouncerFeed Feed, long Cursor)> BouncerSnapshotAsync(DateTimeOffset now, long? resyncSinceMs, CancellationToken cancellationToken)
    {
        long nowMs = StoreCodes.ToUnixMs(now);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        long cursor = Convert.ToInt64(await ScalarAsync(connection, transaction, CrowdSecSql.LastChange, cancellationToken), CultureInfo.InvariantCulture);
        var active = await ReadDecisionsAsync(connection, transaction, CrowdSecSql.ActiveDecisions, cancellationToken, nowMs);
        var ended = resyncSinceMs is { } since
            ? (await ReadDecisionsAsync(connection, transaction, CrowdSecSql.EndedOrSeenAgainSince, cancellationToken, since, nowMs))
                .DistinctBy(d => d.Address.ToString()).ToList()
            : [];
        await transaction.CommitAsync(cancellationToken);
        return (new BouncerFeed(active, ended), cursor);
    }

    private static async ValueTask<List<BouncerDecision>> ReadDecisionsAsync(
        DbConnection connection, DbTransaction transaction, SqlStatement statement, CancellationToken cancellationToken, params object?[] values)
    {
        var rows = new List<BouncerDecision>();
        await using var command = Command(connection, transaction, statement, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(BouncerDecisionRow(reader));
        }

        return rows;
    }

    // Only the last change of an address counts: added then lifted since the last pull is a deletion (the
    // bouncer may hold it from an earlier pull), lifted then added again is a new decision.
    //
    // A decision that already existed at the bouncer's last pull and is added again was extended: it goes out in
    // `deleted` AND in `new`. The firewall bouncer (0.0.25) skips a `new` address already in its nft set, so its
    // element would keep the first timeout; it applies deletions before additions in one commit, so it drops the
    // element and adds it back with the new timeout. A decision only created in the same millisecond as the last
    // pull is not caught (the bouncer got it then, or gets it now as plain `new`); one that existed but never
    // reached the bouncer gets a deletion it ignores (the address is not in its set).
    //
    // Null when change rows after the cursor were pruned (the bouncer did not pull for longer than
    // Storage:ChangeLogRetention): the caller re-syncs it instead. The watermark and the rows are read in one
    // change-log read, so pruning cannot slip between them.
    private async ValueTask<(BouncerFeed Feed, long Cursor)?> BouncerChangesAfterAsync(long cursor, long lastPullMs, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, (bool Added, bool Extended, BouncerDecision Decision)>(StringComparer.Ordinal);
        long newCursor = cursor;
        await using (var connection = await OpenReaderAsync(cancellationToken))
        await using (var transaction = await BeginChangeLogReadAsync(connection, cancellationToken))
        {
            if (cursor < await PrunedThroughAsync(connection, transaction, cancellationToken))
            {
                return null;
            }

            await using var command = Command(connection, transaction, CrowdSecSql.ChangesAfter, cursor);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (seq, added, firstSeenMs, decision) = ChangeRow(reader);
                last[decision.Address.ToString()] = (added, added && firstSeenMs < lastPullMs, decision);
                newCursor = seq;
            }
        }

        var feed = new BouncerFeed(
            [.. last.Values.Where(c => c.Added).Select(c => c.Decision)],
            [.. last.Values.Where(c => !c.Added || c.Extended).Select(c => c.Decision)]);
        return (feed, newCursor);
    }

    private static (long Seq, bool Added, long FirstSeenMs, BouncerDecision Decision) ChangeRow(DbDataReader r) =>
        (r.GetInt64(0),
         r.GetString(1) == "add",
         r.GetInt64(7),
         new BouncerDecision(r.GetInt64(2), AddressRange.Parse(r.GetString(3)), StoreCodes.ToReportSource(r.GetString(5)), r.GetString(6), StoreCodes.FromUnixMs(r.GetInt64(4))));

    private static BouncerDecision BouncerDecisionRow(DbDataReader r) =>
        new(r.GetInt64(0), AddressRange.Parse(r.GetString(1)), StoreCodes.ToReportSource(r.GetString(2)), r.GetString(3), StoreCodes.FromUnixMs(r.GetInt64(4)));

    private static MachineRecord Machine(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), StoreCodes.FromUnixMs(r.GetInt64(2)), r.IsDBNull(3) ? null : StoreCodes.FromUnixMs(r.GetInt64(3)));
}
