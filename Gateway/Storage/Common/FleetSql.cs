using System.Data;

namespace FirewallGateway.Storage.Common;

/// <summary>The statements of the fleet features (stream, report statistics, servers), in the SQL both stores share.</summary>
internal static class FleetSql
{
    private const string ServerColumns =
        "name, address, credential, max_addresses, ban_duration_ms, scope, group_name, active, allow_list_id, created_at";

    // ---- change stream -----------------------------------------------------------------------------------

    public static readonly SqlStatement LastChange = new("SELECT COALESCE(MAX(seq), 0) FROM decision_changes");

    public static readonly SqlStatement ActiveSnapshot = new(
        "SELECT id, address, expires_at FROM decisions WHERE state = 'active' AND expires_at > @now ORDER BY id",
        ("@now", DbType.Int64));

    public static readonly SqlStatement ChangesAfter = new(
        "SELECT seq, op, address, expires_at FROM decision_changes WHERE seq > @cursor ORDER BY seq LIMIT @max",
        ("@cursor", DbType.Int64), ("@max", DbType.Int32));

    public static readonly SqlStatement ConsumerCursor = new(
        "SELECT cursor FROM stream_consumers WHERE name = @name", ("@name", DbType.String));

    public static readonly SqlStatement UpsertConsumer = new(
        "INSERT INTO stream_consumers (name, cursor, updated_at) VALUES (@name, @cursor, @now)" +
        " ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
        ("@name", DbType.String), ("@cursor", DbType.Int64), ("@now", DbType.Int64));

    public static readonly SqlStatement ListConsumers = new(
        "SELECT name, cursor, updated_at FROM stream_consumers ORDER BY name");

    // ---- report statistics -------------------------------------------------------------------------------

    public static readonly SqlStatement TopAttackers = new(
        "SELECT address, COUNT(*), COUNT(DISTINCT COALESCE(host, reporter)) FROM reports" +
        " WHERE observed_at >= @from AND observed_at < @to AND source <> 'operator'" +
        " GROUP BY address ORDER BY COUNT(*) DESC, address LIMIT @limit",
        ("@from", DbType.Int64), ("@to", DbType.Int64), ("@limit", DbType.Int32));

    public static readonly SqlStatement TopReportingHosts = new(
        "SELECT COALESCE(host, reporter), COUNT(*), COUNT(DISTINCT address) FROM reports" +
        " WHERE observed_at >= @from AND observed_at < @to AND source <> 'operator'" +
        " GROUP BY COALESCE(host, reporter) ORDER BY COUNT(*) DESC, COALESCE(host, reporter) LIMIT @limit",
        ("@from", DbType.Int64), ("@to", DbType.Int64), ("@limit", DbType.Int32));

    public static readonly SqlStatement CountReports = new(
        "SELECT COUNT(*) FROM reports WHERE observed_at >= @from AND observed_at < @to AND source <> 'operator'",
        ("@from", DbType.Int64), ("@to", DbType.Int64));

    // ---- servers -----------------------------------------------------------------------------------------

    public static readonly SqlStatement InsertServer = new(
        $"INSERT INTO servers ({ServerColumns}) VALUES (@name, @address, @credential, @max, @duration, @scope, @group," +
        " @active, @allow, @created) ON CONFLICT (name) DO NOTHING",
        ("@name", DbType.String), ("@address", DbType.String), ("@credential", DbType.String), ("@max", DbType.Int32),
        ("@duration", DbType.Int64), ("@scope", DbType.String), ("@group", DbType.String), ("@active", DbType.Boolean),
        ("@allow", DbType.Int64), ("@created", DbType.Int64));

    public static readonly SqlStatement UpdateServer = new(
        "UPDATE servers SET address = @address, credential = @credential, max_addresses = @max, ban_duration_ms = @duration," +
        " scope = @scope, group_name = @group, active = @active, allow_list_id = @allow WHERE name = @name",
        ("@address", DbType.String), ("@credential", DbType.String), ("@max", DbType.Int32), ("@duration", DbType.Int64),
        ("@scope", DbType.String), ("@group", DbType.String), ("@active", DbType.Boolean), ("@allow", DbType.Int64),
        ("@name", DbType.String));

    public static readonly SqlStatement GetServer = new(
        $"SELECT {ServerColumns} FROM servers WHERE name = @name", ("@name", DbType.String));

    public static readonly SqlStatement ListServers = new($"SELECT {ServerColumns} FROM servers ORDER BY name");

    public static readonly SqlStatement DeleteServer = new("DELETE FROM servers WHERE name = @name", ("@name", DbType.String));
}
