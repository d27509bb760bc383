using System.Data.Common;
using System.Globalization;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>Pruning of the decision change log shared by the fleet stream and the CrowdSec bouncer stream.</summary>
internal abstract partial class RelationalStore : IChangeLogPruning
{
    // Rows deleted per write transaction: the first run on a long-lived store may have millions to delete, and the
    // single SQLite writer (PostgreSQL: the fleet's write lock) must not be held for that long.
    private const long PruneChunk = 20_000;

    public async ValueTask<ChangeLogPruneResult> PruneChangeLogAsync(DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        long nowMs = StoreCodes.ToUnixMs(now);
        long cutoffMs = StoreCodes.ToUnixMs(now - retention);
        var plan = await WriteAsync(session => PlanPruneAsync(session, nowMs, cutoffMs, cancellationToken), cancellationToken);

        long through = plan.PrunedThrough;
        long deleted = 0;
        while (through < plan.Boundary)
        {
            long after = through;
            long upTo = Math.Min(plan.Boundary, after + PruneChunk);
            deleted += await WriteAsync(
                async session =>
                {
                    int rows = await session.ExecuteAsync(ChangeLogSql.DeleteChanges, cancellationToken, after, upTo);
                    await session.ExecuteAsync(ChangeLogSql.SetPrunedThrough, cancellationToken, upTo);
                    return rows;
                },
                cancellationToken);
            through = upTo;
        }

        long remaining = Convert.ToInt64(await ReadScalarAsync(ChangeLogSql.CountChanges, cancellationToken), CultureInfo.InvariantCulture);
        return new ChangeLogPruneResult(deleted, through, remaining);
    }

    /// <summary>The highest sequence pruned so far; a cursor below it missed rows. Read it in the same transaction as the changes.</summary>
    private static async ValueTask<long> PrunedThroughAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, ChangeLogSql.PrunedThrough);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    // Notes this run's mark, then finds how far rows may go: up to the newest mark older than the window, never the
    // newest row (the snapshot cursor is MAX(seq)), never past a fleet consumer still paging within the window. Marks
    // older than the one used are dropped: later runs only need it and newer ones.
    private static async ValueTask<(long Boundary, long PrunedThrough)> PlanPruneAsync(
        WriteSession session, long nowMs, long cutoffMs, CancellationToken cancellationToken)
    {
        long newest = Convert.ToInt64(await session.ScalarAsync(FleetSql.LastChange, cancellationToken), CultureInfo.InvariantCulture);
        await session.ExecuteAsync(ChangeLogSql.InsertMark, cancellationToken, nowMs, newest);
        long prunedThrough = Convert.ToInt64(await session.ScalarAsync(ChangeLogSql.PrunedThrough, cancellationToken), CultureInfo.InvariantCulture);
        var mark = await session.QueryAsync(ChangeLogSql.NewestMarkAtOrBefore, r => (TakenAt: r.GetInt64(0), Seq: r.GetInt64(1)), cancellationToken, cutoffMs);
        if (mark.Count == 0)
        {
            return (prunedThrough, prunedThrough);
        }

        await session.ExecuteAsync(ChangeLogSql.DeleteMarksBefore, cancellationToken, mark[0].TakenAt);
        long boundary = Math.Min(mark[0].Seq, newest - 1);
        if (await session.ScalarAsync(ChangeLogSql.LiveConsumerFloor, cancellationToken, cutoffMs) is { } floor)
        {
            boundary = Math.Min(boundary, Convert.ToInt64(floor, CultureInfo.InvariantCulture));
        }

        return (Math.Max(boundary, prunedThrough), prunedThrough);
    }
}
