using System.Data;

namespace FirewallGateway.Storage.Common;

/// <summary>The statements that keep the decision change log bounded (marks, pruning, the pruned-through watermark).</summary>
internal static class ChangeLogSql
{
    public static readonly SqlStatement PrunedThrough = new(
        "SELECT COALESCE((SELECT through_seq FROM decision_changes_pruned WHERE id = 1), 0)");

    // Two gateways of a fleet may note a mark in the same millisecond: either one tells the same.
    public static readonly SqlStatement InsertMark = new(
        "INSERT INTO decision_change_marks (taken_at, seq) VALUES (@at, @seq) ON CONFLICT (taken_at) DO NOTHING",
        ("@at", DbType.Int64), ("@seq", DbType.Int64));

    public static readonly SqlStatement NewestMarkAtOrBefore = new(
        "SELECT taken_at, seq FROM decision_change_marks WHERE taken_at <= @cutoff ORDER BY taken_at DESC LIMIT 1",
        ("@cutoff", DbType.Int64));

    // A fleet consumer that pulled within the window may still be paging through older rows (`more`).
    public static readonly SqlStatement LiveConsumerFloor = new(
        "SELECT MIN(cursor) FROM stream_consumers WHERE updated_at >= @cutoff", ("@cutoff", DbType.Int64));

    public static readonly SqlStatement DeleteChanges = new(
        "DELETE FROM decision_changes WHERE seq > @after AND seq <= @through", ("@after", DbType.Int64), ("@through", DbType.Int64));

    public static readonly SqlStatement SetPrunedThrough = new(
        "INSERT INTO decision_changes_pruned (id, through_seq) VALUES (1, @through)" +
        " ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq",
        ("@through", DbType.Int64));

    public static readonly SqlStatement DeleteMarksBefore = new(
        "DELETE FROM decision_change_marks WHERE taken_at < @at", ("@at", DbType.Int64));

    public static readonly SqlStatement CountChanges = new("SELECT COUNT(*) FROM decision_changes");
}
