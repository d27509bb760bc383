using System.Data;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Tests.Sqlite;

/// <summary>
/// The writer's statements through SQLite's C API must answer exactly as <see cref="SqliteCommand"/> did:
/// parameters by name whatever their declared order, changed-row counts, one value or none, errors as
/// <see cref="SqliteException"/> with SQLite's message, and the statement usable again after an error.
/// </summary>
public sealed class SqliteRawStatementsTests : IDisposable
{
    private static readonly SqlStatement Insert = new(
        "INSERT INTO t (name, n, data, flag) VALUES (@name, @n, @data, @flag)",
        ("@flag", DbType.Boolean), ("@data", DbType.Binary), ("@n", DbType.Int64), ("@name", DbType.String));

    private static readonly SqlStatement Count = new("SELECT COUNT(*) FROM t WHERE n >= @min", ("@min", DbType.Int64));

    private static readonly SqlStatement NameOf = new("SELECT name FROM t WHERE n = @n", ("@n", DbType.Int64));

    private static readonly SqlStatement Bump = new(
        "UPDATE t SET n = n + @by WHERE n >= @min", ("@by", DbType.Int64), ("@min", DbType.Int64));

    private static readonly SqlStatement BumpReturning = new(
        "UPDATE t SET n = n + 1 WHERE name = @name RETURNING n", ("@name", DbType.String));

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteRawStatements _raw;

    public SqliteRawStatementsTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (name TEXT NOT NULL UNIQUE, n INTEGER NOT NULL, data BLOB, flag INTEGER)";
        create.ExecuteNonQuery();
        _raw = new SqliteRawStatements(_connection);
    }

    public void Dispose()
    {
        _raw.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public void Parameters_BindByName_WhateverTheDeclaredOrder()
    {
        Assert.Equal(1, _raw.Execute(Insert, [true, new byte[] { 1, 2 }, 7L, "seven"]));
        Assert.Equal(1, _raw.Execute(Insert, [false, null, 8, "eight"]));

        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT name, n, data, flag FROM t ORDER BY n";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("seven", 7L, 1L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(3)));
        Assert.Equal(new byte[] { 1, 2 }, (byte[])reader.GetValue(2));
        Assert.True(reader.Read());
        Assert.Equal(("eight", 8L, 0L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(3)));
        Assert.True(reader.IsDBNull(2));
    }

    [Fact]
    public void Scalar_GivesTheFirstValue_OrNullWhenNoRow()
    {
        _raw.Execute(Insert, [null, null, 1L, "one"]);
        _raw.Execute(Insert, [null, null, 2L, "two"]);

        Assert.Equal(2L, _raw.Scalar(Count, [0L]));
        Assert.Equal("two", _raw.Scalar(NameOf, [2L]));
        Assert.Null(_raw.Scalar(NameOf, [3L]));
    }

    [Fact]
    public void Execute_CountsChangedRows()
    {
        for (long n = 1; n <= 5; n++)
        {
            _raw.Execute(Insert, [null, null, n, $"n{n}"]);
        }

        Assert.Equal(3, _raw.Execute(Bump, [10L, 3L]));
        Assert.Equal(0, _raw.Execute(Bump, [10L, 100L]));
        Assert.Equal(5L, _raw.Scalar(Count, [0L]));
    }

    [Fact]
    public void Scalar_OfAnUpdateReturning_FinishesTheUpdate()
    {
        _raw.Execute(Insert, [null, null, 41L, "answer"]);

        Assert.Equal(42L, _raw.Scalar(BumpReturning, ["answer"]));
        Assert.Equal("answer", _raw.Scalar(NameOf, [42L]));
    }

    [Fact]
    public void AConstraintViolation_IsASqliteExceptionWithItsMessage_AndTheStatementStaysUsable()
    {
        _raw.Execute(Insert, [null, null, 1L, "same"]);

        var error = Assert.Throws<SqliteException>(() => _raw.Execute(Insert, [null, null, 2L, "same"]));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE constraint failed: t.name", error.Message, StringComparison.Ordinal);

        Assert.Equal(1, _raw.Execute(Insert, [null, null, 2L, "other"]));
        Assert.Equal(2L, _raw.Scalar(Count, [0L]));
    }

    [Fact]
    public void WrongValueCountOrType_IsRefusedBeforeSqliteSeesIt()
    {
        Assert.Throws<ArgumentException>(() => _raw.Execute(Insert, [null, null, 1L]));
        Assert.Throws<ArgumentException>(() => _raw.Execute(Count, [DateTimeOffset.UnixEpoch]));
        Assert.Equal(0L, _raw.Scalar(Count, [0L]));
    }

    [Fact]
    public void QueryFirst_MapsTheRowItStandsOn_OrGivesNull()
    {
        var row = new SqlStatement("SELECT name, n, data, flag, n * 0.5 AS half FROM t WHERE n = @n", ("@n", DbType.Int64));
        _raw.Execute(Insert, [true, new byte[] { 9, 8, 7 }, 6L, "six"]);
        _raw.Execute(Insert, [null, null, 5L, "five"]);

        var six = _raw.QueryFirst(row, [6L], r => new object[]
        {
            r.GetString(0), r.GetInt64(1), r.GetInt32(1), r.GetValue(2), r.GetBoolean(3), r.GetDouble(4),
            r.GetOrdinal("HALF"), r.GetName(0), r.FieldCount, r.GetFieldType(0), r.GetDataTypeName(4),
        });
        Assert.Equal(
            new object[] { "six", 6L, 6, new byte[] { 9, 8, 7 }, true, 3.0, 4, "name", 5, typeof(string), "REAL" },
            six);

        var five = _raw.QueryFirst(row, [5L], r => new object[] { r.IsDBNull(2), r.IsDBNull(3), r.GetValue(3), r.IsDBNull(0) });
        Assert.Equal(new object[] { true, true, DBNull.Value, false }, five);

        Assert.Null(_raw.QueryFirst(row, [4L], r => r.GetString(0)));
    }

    [Fact]
    public void QueryFirst_RefusesWhatTheRowCannotGive()
    {
        var row = new SqlStatement("SELECT name, data, n FROM t WHERE n = @n", ("@n", DbType.Int64));
        _raw.Execute(Insert, [null, null, 1000L, "thousand"]);

        Assert.Throws<InvalidCastException>(() => _raw.QueryFirst(row, [1000L], r => r.GetString(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _raw.QueryFirst(row, [1000L], r => r.GetValue(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _raw.QueryFirst(row, [1000L], r => (object)r.GetOrdinal("missing")));
        Assert.Throws<OverflowException>(() => _raw.QueryFirst(row, [1000L], r => (object)r.GetByte(2)));

        // The statement was reset after each failure and still answers.
        Assert.Equal("thousand", _raw.QueryFirst(row, [1000L], r => r.GetString(0)));
    }

    [Fact]
    public void AParameterMissingFromTheText_FailsAtPrepare()
    {
        var broken = new SqlStatement("SELECT COUNT(*) FROM t WHERE n >= @min", ("@max", DbType.Int64));

        var error = Assert.Throws<InvalidOperationException>(() => _raw.Scalar(broken, [1L]));
        Assert.Contains("@max", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The id a new decision gets is its own, not that of the change-log row its trigger writes.</summary>
public sealed class SqliteDecisionIdTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-ids-").FullName;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(Path.Combine(_folder, "gateway.db"), TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task NewDecisionIds_AreTheDecisionsRows_WhenTheChangeLogHasRunAhead()
    {
        var first = await InsertAsync("198.51.100.1");
        await using (var tx = await _store.BeginWriteAsync(CancellationToken.None))
        {
            // Ending it writes a second change-log row, so log sequence and decision ids no longer match.
            await tx.UpdateDecisionAsync(first with { State = DecisionState.Removed }, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        var second = await InsertAsync("203.0.113.9");
        var third = await InsertAsync("192.0.2.77");

        Assert.Equal(first.Id + 1, second.Id);
        Assert.Equal(second.Id + 1, third.Id);
        Assert.Equal("203.0.113.9", (await _store.GetDecisionAsync(second.Id, CancellationToken.None))!.Address.ToString());
        Assert.Equal("192.0.2.77", (await _store.GetDecisionAsync(third.Id, CancellationToken.None))!.Address.ToString());
    }

    private async Task<Decision> InsertAsync(string address)
    {
        await using var tx = await _store.BeginWriteAsync(CancellationToken.None);
        var decision = await tx.InsertDecisionAsync(
            new Decision(0, BanAddress.Parse(address), ReportSource.Operator, "test", Now, Now, Now.AddHours(1), 1, DecisionState.Active),
            CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return decision;
    }
}
