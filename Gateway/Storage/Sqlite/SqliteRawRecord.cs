using System.Data;
using SQLitePCL;

namespace FirewallGateway.Storage.Sqlite;

/// <summary>
/// The row a raw statement stands on, read through <see cref="IDataRecord"/> so the row mappers shared with
/// ADO.NET readers apply unchanged. Valid only until the statement steps again or is reset. Values convert as
/// SQLite's own accessors do (an integer column read as text gives its digits); SQLite has no date or GUID
/// storage class, so those getters are refused as <c>SqliteDataReader</c> would without a declared type.
/// </summary>
internal sealed class SqliteRawRecord : IDataRecord
{
    private readonly sqlite3_stmt _statement;

    public SqliteRawRecord(sqlite3_stmt statement)
    {
        _statement = statement;
        FieldCount = raw.sqlite3_column_count(statement);
    }

    public int FieldCount { get; }

    public object this[int i] => GetValue(i);

    public object this[string name] => GetValue(GetOrdinal(name));

    public bool IsDBNull(int i) => Type(i) == raw.SQLITE_NULL;

    public long GetInt64(int i) => raw.sqlite3_column_int64(_statement, Checked(i));

    public int GetInt32(int i) => checked((int)GetInt64(i));

    public short GetInt16(int i) => checked((short)GetInt64(i));

    public byte GetByte(int i) => checked((byte)GetInt64(i));

    public bool GetBoolean(int i) => GetInt64(i) != 0;

    public double GetDouble(int i) => raw.sqlite3_column_double(_statement, Checked(i));

    public float GetFloat(int i) => (float)GetDouble(i);

    public decimal GetDecimal(int i) => (decimal)GetDouble(i);

    public string GetString(int i)
    {
        if (IsDBNull(i))
        {
            throw new InvalidCastException($"column {i} ({GetName(i)}) is NULL");
        }

        return raw.sqlite3_column_text(_statement, i).utf8_to_string();
    }

    public char GetChar(int i) => GetString(i) is [var c] ? c : throw new InvalidCastException($"column {i} is not one character");

    public object GetValue(int i) => Type(i) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, i),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, i),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, i).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, i).ToArray(),
        _ => DBNull.Value,
    };

    public int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int count = Math.Min(values.Length, FieldCount);
        for (int i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public string GetName(int i) => raw.sqlite3_column_name(_statement, Checked(i)).utf8_to_string();

    public int GetOrdinal(string name)
    {
        for (int i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), $"no column named '{name}'");
    }

    public Type GetFieldType(int i) => Type(i) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_TEXT => typeof(string),
        raw.SQLITE_BLOB => typeof(byte[]),
        _ => typeof(object),
    };

    public string GetDataTypeName(int i) => Type(i) switch
    {
        raw.SQLITE_INTEGER => "INTEGER",
        raw.SQLITE_FLOAT => "REAL",
        raw.SQLITE_TEXT => "TEXT",
        raw.SQLITE_BLOB => "BLOB",
        _ => "NULL",
    };

    public long GetBytes(int i, long fieldOffset, byte[]? buffer, int bufferoffset, int length)
    {
        var bytes = raw.sqlite3_column_blob(_statement, Checked(i));
        if (buffer is null)
        {
            return bytes.Length;
        }

        int count = (int)Math.Clamp(bytes.Length - fieldOffset, 0, length);
        bytes.Slice((int)fieldOffset, count).CopyTo(buffer.AsSpan(bufferoffset));
        return count;
    }

    public long GetChars(int i, long fieldoffset, char[]? buffer, int bufferoffset, int length)
    {
        string text = GetString(i);
        if (buffer is null)
        {
            return text.Length;
        }

        int count = (int)Math.Clamp(text.Length - fieldoffset, 0, length);
        text.CopyTo((int)fieldoffset, buffer, bufferoffset, count);
        return count;
    }

    public DateTime GetDateTime(int i) =>
        throw new NotSupportedException("the store keeps times as unix milliseconds; read them with GetInt64");

    public Guid GetGuid(int i) => throw new NotSupportedException("the store keeps no GUIDs");

    public IDataReader GetData(int i) => throw new NotSupportedException("nested readers do not exist in SQLite");

    private int Type(int i) => raw.sqlite3_column_type(_statement, Checked(i));

    private int Checked(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, FieldCount);
        return i;
    }
}
