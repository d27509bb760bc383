using Microsoft.Extensions.Options;

namespace FirewallGateway.Storage;

/// <summary>Checks <see cref="StorageOptions"/>; every message names its full configuration key.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        string section = StorageOptions.SectionName;
        switch (options.Provider)
        {
            case "sqlite":
                if (string.IsNullOrWhiteSpace(options.SqlitePath))
                {
                    failures.Add($"{section}:SqlitePath must name the database file when {section}:Provider is 'sqlite'");
                }

                if (options.SqliteSynchronous is not ("normal" or "full"))
                {
                    failures.Add($"{section}:SqliteSynchronous must be 'normal' or 'full' (was '{options.SqliteSynchronous}')");
                }

                break;
            case "postgres":
                if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
                {
                    failures.Add($"{section}:PostgresConnectionString is required when {section}:Provider is 'postgres'");
                }
                else if (!TryParseConnectionString(options.PostgresConnectionString, out string? error))
                {
                    failures.Add($"{section}:PostgresConnectionString is not a valid connection string: {error}");
                }

                if (options.PostgresLeaseCheckInterval < TimeSpan.FromMilliseconds(100) || options.PostgresLeaseCheckInterval > TimeSpan.FromMinutes(1))
                {
                    failures.Add($"{section}:PostgresLeaseCheckInterval must be between 00:00:00.1 and 00:01:00 (was {options.PostgresLeaseCheckInterval})");
                }

                break;
            default:
                failures.Add($"{section}:Provider must be 'sqlite' or 'postgres' (was '{options.Provider}')");
                break;
        }

        if (options.ChangeLogRetention < TimeSpan.FromSeconds(1) || options.ChangeLogRetention > TimeSpan.FromDays(365))
        {
            failures.Add($"{section}:ChangeLogRetention must be between 00:00:01 and 365.00:00:00 (was {options.ChangeLogRetention})");
        }

        if (options.ChangeLogPruneInterval < TimeSpan.FromSeconds(1) || options.ChangeLogPruneInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:ChangeLogPruneInterval must be between 00:00:01 and 1.00:00:00 (was {options.ChangeLogPruneInterval})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool TryParseConnectionString(string text, out string? error)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(text);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
