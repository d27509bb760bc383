using Npgsql;

namespace FirewallGateway.Storage;

/// <summary>The network hosts the configured store lives on, for self-protection: none for SQLite.</summary>
public static class StorageHosts
{
    /// <summary>
    /// The PostgreSQL hosts of <see cref="StorageOptions.PostgresConnectionString"/> (a comma-separated list,
    /// each optionally with <c>:port</c>); Unix socket folders are skipped. Empty for SQLite or an unreadable string
    /// (the storage validator reports that one).
    /// </summary>
    public static IReadOnlyList<string> Remote(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(options.Provider, "postgres", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return [];
        }

        string? hosts;
        try
        {
            hosts = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString).Host;
        }
        catch (ArgumentException)
        {
            return [];
        }

        var result = new List<string>();
        foreach (string item in (hosts ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.StartsWith('/'))
            {
                continue;
            }

            string host = item;
            if (host.StartsWith('['))
            {
                int end = host.IndexOf(']', StringComparison.Ordinal);
                host = end > 0 ? host[1..end] : host[1..];
            }
            else if (host.Count(c => c == ':') == 1)
            {
                host = host[..host.IndexOf(':', StringComparison.Ordinal)];
            }

            result.Add(host);
        }

        return result;
    }
}
