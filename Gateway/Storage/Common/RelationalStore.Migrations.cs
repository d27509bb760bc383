using System.Globalization;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    private const string CreateSchemaVersion =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    /// <summary>The schema version the newest embedded script brings the store to.</summary>
    public int LatestSchemaVersion => MigrationScripts.Load(MigrationFolder)[^1].Version;

    /// <inheritdoc cref="IStoreMigrator.MigrateAsync"/>
    public async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        // Each script runs in its own transaction together with its schema_version row, so a crash between
        // scripts leaves a consistent, numbered schema that the next start continues from.
        foreach (var script in MigrationScripts.Load(MigrationFolder))
        {
            await using var session = await BeginSessionAsync(cancellationToken);
            await LockMigrationsAsync(session, cancellationToken);
            await RunAsync(session, CreateSchemaVersion, cancellationToken);
            if (await IsAppliedAsync(session, script.Version, cancellationToken))
            {
                continue;
            }

            await RunAsync(session, script.Sql, cancellationToken);
            await RunAsync(
                session,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"INSERT INTO schema_version (version, name, applied_at) VALUES ({script.Version}, '{script.Name.Replace("'", "''", StringComparison.Ordinal)}', {StoreCodes.ToUnixMs(Time.GetUtcNow())})"),
                cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The versions recorded in schema_version, in order.</summary>
    public async ValueTask<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(new SqlStatement("SELECT version FROM schema_version ORDER BY version"), r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);

    private static async ValueTask<bool> IsAppliedAsync(WriteSession session, int version, CancellationToken cancellationToken)
    {
        await using var command = session.AdHoc(
            string.Create(CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM schema_version WHERE version = {version}"));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async ValueTask RunAsync(WriteSession session, string sql, CancellationToken cancellationToken)
    {
        await using var command = session.AdHoc(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
