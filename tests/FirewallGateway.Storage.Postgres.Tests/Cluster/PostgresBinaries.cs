namespace FirewallGateway.Storage.Postgres.Tests.Cluster;

/// <summary>
/// Finds the server binaries of Debian's postgresql package (/usr/lib/postgresql/&lt;major&gt;/bin), or the folder
/// named by FGW_POSTGRES_BIN. Missing binaries are a test failure with the fix in the message, never a skip.
/// </summary>
internal static class PostgresBinaries
{
    public static string FindBinFolder()
    {
        if (Environment.GetEnvironmentVariable("FGW_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"FGW_POSTGRES_BIN={configured} holds no initdb and pg_ctl");
        }

        const string debianRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(major => Path.Combine(major, "bin"))
                .Where(HasServer)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out int major) ? major : 0)
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin: " +
                "install PostgreSQL with `apt-get install -y postgresql` (or set FGW_POSTGRES_BIN to their folder). " +
                "These tests need a real PostgreSQL and are not skipped.");
    }

    private static bool HasServer(string bin) =>
        File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl"));
}
