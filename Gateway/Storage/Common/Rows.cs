using System.Data;
using System.Data.Common;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>Turns rows of the column lists in <see cref="Sql"/> back into Core records.</summary>
internal static class Rows
{
    public static Decision Decision(IDataRecord r) => Decision(r, 0);

    /// <summary>A decision whose columns (in the order of <c>DecisionColumns</c>) start at column <paramref name="first"/>.</summary>
    public static Decision Decision(IDataRecord r, int first) =>
        new(
            r.GetInt64(first),
            AddressRange.Parse(r.GetString(first + 1)),
            StoreCodes.ToReportSource(r.GetString(first + 2)),
            r.GetString(first + 3),
            StoreCodes.FromUnixMs(r.GetInt64(first + 4)),
            StoreCodes.FromUnixMs(r.GetInt64(first + 5)),
            StoreCodes.FromUnixMs(r.GetInt64(first + 6)),
            r.GetInt32(first + 7),
            StoreCodes.ToDecisionState(r.GetString(first + 8)))
        {
            CreatedBy = NullableString(r, first + 9),
        };

    public static PendingChange Change(DbDataReader r) =>
        new(
            r.GetInt64(0),
            r.GetString(1),
            StoreCodes.ToChangeKind(r.GetString(2)),
            AddressRange.Parse(r.GetString(3)),
            r.GetInt64(4),
            StoreCodes.FromUnixMs(r.GetInt64(5)),
            r.GetInt32(6),
            StoreCodes.FromUnixMs(r.GetInt64(7)),
            r.GetInt64(8),
            NullableString(r, 9));

    public static StoredReport Report(DbDataReader r)
    {
        var report = new BanReport(
            AddressRange.Parse(r.GetString(1)),
            r.GetString(2),
            StoreCodes.ToReportSource(r.GetString(3)),
            r.GetString(4),
            r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(r.GetInt64(5)),
            StoreCodes.FromUnixMs(r.GetInt64(6)))
        {
            Host = NullableString(r, 7),
            Rule = NullableString(r, 8),
            Protocol = NullableString(r, 9),
            Port = NullableString(r, 10),
            Failures = r.IsDBNull(11) ? null : r.GetInt32(11),
            Evidence = NullableString(r, 12),
            DeduplicationKey = NullableString(r, 13),
        };
        return new StoredReport(r.GetInt64(0), report, r.IsDBNull(14) ? null : r.GetInt64(14), r.GetString(15));
    }

    public static AllowListEntry AllowListEntry(DbDataReader r) =>
        new(
            r.GetInt64(0),
            AddressRange.Parse(r.GetString(1)),
            r.GetString(2),
            r.GetBoolean(3),
            NullableTime(r, 4),
            r.GetString(5),
            StoreCodes.FromUnixMs(r.GetInt64(6)));

    public static Credential Credential(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), StoreCodes.FromUnixMs(r.GetInt64(4)));

    public static TargetStatus Target(DbDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            r.GetBoolean(2),
            NullableTime(r, 3),
            NullableTime(r, 4),
            NullableString(r, 5),
            (int)r.GetInt64(6),
            (int)r.GetInt64(7));

    public static string? NullableString(IDataRecord r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static DateTimeOffset? NullableTime(DbDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : StoreCodes.FromUnixMs(r.GetInt64(ordinal));
}
