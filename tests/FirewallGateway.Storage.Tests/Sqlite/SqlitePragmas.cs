using Microsoft.Data.Sqlite;

namespace FirewallGateway.Storage.Tests.Sqlite;

/// <summary>Reads the persistent settings of a database file through a connection of the test's own.</summary>
internal sealed record SqlitePragmas(string JournalMode)
{
    public static async Task<SqlitePragmas> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return new SqlitePragmas((string)(await command.ExecuteScalarAsync())!);
    }
}
