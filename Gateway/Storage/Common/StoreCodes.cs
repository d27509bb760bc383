using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// How enums and times are written to the database: lowercase words (readable in a SQL shell and stable if
/// the enums are reordered) and unix milliseconds (exact ordering, cheap comparisons, same in SQLite and PostgreSQL).
/// </summary>
internal static class StoreCodes
{
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static object ToDb(string? value) => value is null ? DBNull.Value : value;

    public static object ToDb(int? value) => value is { } v ? v : DBNull.Value;

    public static object ToDb(long? value) => value is { } v ? v : DBNull.Value;

    public static object ToDb(TimeSpan? value) => value is { } v ? (long)v.TotalMilliseconds : DBNull.Value;

    public static string ToCode(DecisionState state) => state switch
    {
        DecisionState.Active => "active",
        DecisionState.Expired => "expired",
        DecisionState.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static DecisionState ToDecisionState(string code) => code switch
    {
        "active" => DecisionState.Active,
        "expired" => DecisionState.Expired,
        "removed" => DecisionState.Removed,
        _ => throw new InvalidDataException($"unknown decision state '{code}' in the store"),
    };

    public static string ToCode(ReportSource source) => source switch
    {
        ReportSource.Fail2ban => "fail2ban",
        ReportSource.Graylog => "graylog",
        ReportSource.Syslog => "syslog",
        ReportSource.Operator => "operator",
        ReportSource.CrowdSec => "crowdsec",
        ReportSource.SnmpTrap => "snmptrap",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static ReportSource ToReportSource(string code) => code switch
    {
        "fail2ban" => ReportSource.Fail2ban,
        "graylog" => ReportSource.Graylog,
        "syslog" => ReportSource.Syslog,
        "operator" => ReportSource.Operator,
        "crowdsec" => ReportSource.CrowdSec,
        "snmptrap" => ReportSource.SnmpTrap,
        _ => throw new InvalidDataException($"unknown report source '{code}' in the store"),
    };

    public static string ToCode(ChangeKind kind) => kind switch
    {
        ChangeKind.Ban => "ban",
        ChangeKind.Unban => "unban",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ChangeKind ToChangeKind(string code) => code switch
    {
        "ban" => ChangeKind.Ban,
        "unban" => ChangeKind.Unban,
        _ => throw new InvalidDataException($"unknown change kind '{code}' in the store"),
    };
}
