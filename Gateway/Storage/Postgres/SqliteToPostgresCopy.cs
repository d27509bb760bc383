using System.Globalization;
using FirewallGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace FirewallGateway.Storage.Postgres;

/// <summary>How many rows of each table a copy moved.</summary>
public sealed record StoreCopyResult(IReadOnlyList<(string Table, long Rows)> Tables);

/// <summary>
/// Copies a single gateway's SQLite store into an empty PostgreSQL store, ids and all (decisions, reports,
/// allow-list, logins, targets, outbox, enforcement states and whatever tables later migrations add to both),
/// in one PostgreSQL transaction: either everything arrives or nothing does. Both stores are migrated first,
/// so an older SQLite file is brought up to the same schema. The columns come from PostgreSQL's catalogue, so
/// a table added by a later migration is copied without touching this class.
/// </summary>
public static class SqliteToPostgresCopy
{
    // Parents before children (reports and outbox refer to decisions); any other table follows by name.
    private static readonly string[] Order = ["targets", "credentials", "allow_list", "decisions", "reports", "outbox", "enforcement"];

    public static async Task<StoreCopyResult> CopyAsync(string sqlitePath, string postgresConnectionString, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(sqlitePath))
        {
            throw new FileNotFoundException($"no SQLite store at {Path.GetFullPath(sqlitePath)}", sqlitePath);
        }

        await using (var sqlite = new SqliteStore(sqlitePath, time))
        {
            await sqlite.MigrateAsync(cancellationToken);
        }

        await using (var postgres = new PostgresStore(postgresConnectionString, time))
        {
            await postgres.MigrateAsync(cancellationToken);
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(cancellationToken);
        await using var target = new NpgsqlConnection(postgresConnectionString);
        await target.OpenAsync(cancellationToken);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken);

        // The fleet's write lock: a gateway started by mistake waits instead of writing between the tables.
        await Execute(target, $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Writes}, 0)", cancellationToken);
        var tables = await TablesAsync(target, cancellationToken);
        var occupied = new List<string>();
        foreach (string table in tables.Keys)
        {
            if (await ScalarAsync(target, $"SELECT EXISTS (SELECT 1 FROM {table})", cancellationToken) is true)
            {
                occupied.Add(table);
            }
        }

        if (occupied.Count > 0)
        {
            throw new InvalidOperationException(
                $"the PostgreSQL store is not empty (rows in {string.Join(", ", occupied)}): copy into a new database, before any gateway ran on it");
        }

        // The copied rows already carry what triggers would derive (the decision change log, notifications are
        // moot before any gateway runs): with them firing, every copied decision would log a second change whose
        // sequence collides with the copied log. ALTER TABLE is transactional, so a failed copy leaves them on.
        foreach (string table in tables.Keys)
        {
            await Execute(target, $"ALTER TABLE {table} DISABLE TRIGGER USER", cancellationToken);
        }

        var copied = new List<(string, long)>();
        foreach (var (table, columns) in tables)
        {
            copied.Add((table, await CopyTableAsync(source, target, table, columns, cancellationToken)));
            foreach (var column in columns.Where(c => c.Identity))
            {
                // The next id continues after the copied ones.
                await Execute(
                    target,
                    $"SELECT setval(pg_get_serial_sequence('{table}', '{column.Name}'), GREATEST(COALESCE(MAX({column.Name}), 0), 1), MAX({column.Name}) IS NOT NULL) FROM {table}",
                    cancellationToken);
            }
        }

        foreach (string table in tables.Keys)
        {
            await Execute(target, $"ALTER TABLE {table} ENABLE TRIGGER USER", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreCopyResult(copied);
    }

    private static async Task<long> CopyTableAsync(
        SqliteConnection source, NpgsqlConnection target, string table, IReadOnlyList<Column> columns, CancellationToken cancellationToken)
    {
        string list = string.Join(", ", columns.Select(c => c.Name));
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {list} FROM {table}";
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        await using var writer = await target.BeginBinaryImportAsync($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (int i = 0; i < columns.Count; i++)
            {
                if (rows.IsDBNull(i))
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }

                await WriteAsync(writer, columns[i], rows.GetValue(i), cancellationToken);
            }
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter writer, Column column, object value, CancellationToken cancellationToken) => column.Type switch
    {
        "bigint" => writer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
        "integer" => writer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
        "smallint" => writer.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, cancellationToken),
        "boolean" => writer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean, cancellationToken),
        "double precision" => writer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
        "text" => writer.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellationToken),
        "bytea" => writer.WriteAsync((byte[])value, NpgsqlDbType.Bytea, cancellationToken),
        _ => throw new NotSupportedException($"column {column.Name} has type {column.Type}, which the SQLite copy does not handle"),
    };

    private static async Task<Dictionary<string, IReadOnlyList<Column>>> TablesAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<Column>>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type, is_identity = 'YES' FROM information_schema.columns" +
            " WHERE table_schema = current_schema() AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position",
            target);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                string table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                }

                list.Add(new Column(reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
            }
        }

        var ordered = new Dictionary<string, IReadOnlyList<Column>>(StringComparer.Ordinal);
        foreach (string table in Order.Where(columns.ContainsKey).Concat(columns.Keys.Where(t => !Order.Contains(t)).Order(StringComparer.Ordinal)))
        {
            ordered[table] = columns[table];
        }

        return ordered;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private sealed record Column(string Name, string Type, bool Identity);
}
