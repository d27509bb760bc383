using System.Data;
using System.Globalization;
using FirewallGateway.Storage.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FirewallGateway.Storage.Sqlite;

/// <summary>
/// The writer's statements that return no rows or one value, prepared once on the writer connection and run
/// through SQLite's C API. The group commit runs four or five of them per report; going around
/// <see cref="SqliteCommand"/> spares, per statement, the parameter lookups by name, the reader objects and
/// the statement-list walk, a measurable part of each report's cost. Rows (decisions, outbox items) are
/// still read through <see cref="SqliteCommand"/>, except the one row the merge looks up per report.
/// </summary>
internal sealed class SqliteRawStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<SqlStatement, Prepared> _prepared = new(ReferenceEqualityComparer.Instance);

    public SqliteRawStatements(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Runs the statement to its end; the rows it changed (as <c>ExecuteNonQuery</c> counts them).</summary>
    public int Execute(SqlStatement statement, object?[] values)
    {
        var prepared = Bind(statement, values);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(prepared.Handle)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return prepared.ReadOnly ? -1 : raw.sqlite3_changes(_connection.Handle);
        }
        finally
        {
            raw.sqlite3_reset(prepared.Handle);
        }
    }

    /// <summary>The first column of the first row (long, double, string or byte[]), or null when there is none.</summary>
    public object? Scalar(SqlStatement statement, object?[] values) =>
        First(statement, values, static row => row.IsDBNull(0) ? null : row.GetValue(0), runToEnd: true);

    /// <summary>The first row, mapped while the statement stands on it, or null when there is none.</summary>
    public T? QueryFirst<T>(SqlStatement statement, object?[] values, Func<IDataRecord, T> map)
        where T : class =>
        First(statement, values, map, runToEnd: false);

    public void Dispose()
    {
        foreach (var prepared in _prepared.Values)
        {
            prepared.Handle.Dispose();
        }

        _prepared.Clear();
    }

    // runToEnd: an INSERT/UPDATE ... RETURNING has done all its work only once stepped to its end.
    private T? First<T>(SqlStatement statement, object?[] values, Func<IDataRecord, T?> map, bool runToEnd)
        where T : class
    {
        var prepared = Bind(statement, values);
        try
        {
            int rc = raw.sqlite3_step(prepared.Handle);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc);
            var value = map(new SqliteRawRecord(prepared.Handle));
            if (runToEnd)
            {
                while ((rc = raw.sqlite3_step(prepared.Handle)) == raw.SQLITE_ROW)
                {
                }

                Check(rc);
            }

            return value;
        }
        finally
        {
            raw.sqlite3_reset(prepared.Handle);
        }
    }

    private Prepared Bind(SqlStatement statement, object?[] values)
    {
        if (!_prepared.TryGetValue(statement, out var prepared))
        {
            prepared = Prepare(statement);
            _prepared.Add(statement, prepared);
        }

        if (values.Length != prepared.Indexes.Length)
        {
            throw new ArgumentException(
                $"{values.Length} values for {prepared.Indexes.Length} parameters: {statement.Text}", nameof(values));
        }

        var handle = prepared.Handle;
        raw.sqlite3_clear_bindings(handle);
        for (int i = 0; i < values.Length; i++)
        {
            int index = prepared.Indexes[i];
            int rc = values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(handle, index),
                string text => raw.sqlite3_bind_text(handle, index, text),
                long number => raw.sqlite3_bind_int64(handle, index, number),
                int number => raw.sqlite3_bind_int64(handle, index, number),
                bool flag => raw.sqlite3_bind_int64(handle, index, flag ? 1 : 0),
                byte[] bytes => raw.sqlite3_bind_blob(handle, index, bytes),
                double number => raw.sqlite3_bind_double(handle, index, number),
                var other => throw new ArgumentException(
                    $"parameter {statement.Parameters[i].Name}: no SQLite binding for {other.GetType().Name}", nameof(values)),
            };
            Check(rc);
        }

        return prepared;
    }

    private Prepared Prepare(SqlStatement statement)
    {
        int rc = raw.sqlite3_prepare_v3(_connection.Handle, statement.Text, raw.SQLITE_PREPARE_PERSISTENT, out var handle, out string tail);
        Check(rc);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            handle.Dispose();
            throw new InvalidOperationException($"one statement expected, text left after it: {tail}");
        }

        // SQLite numbers a named parameter once, at its first use; look each declared name up once here.
        var indexes = new int[statement.Parameters.Count];
        for (int i = 0; i < indexes.Length; i++)
        {
            indexes[i] = raw.sqlite3_bind_parameter_index(handle, statement.Parameters[i].Name);
            if (indexes[i] == 0)
            {
                handle.Dispose();
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"parameter {statement.Parameters[i].Name} is not in: {statement.Text}"));
            }
        }

        return new Prepared(handle, indexes, raw.sqlite3_stmt_readonly(handle) != 0);
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    private sealed record Prepared(sqlite3_stmt Handle, int[] Indexes, bool ReadOnly);
}
