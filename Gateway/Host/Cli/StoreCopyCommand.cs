using System.CommandLine;
using FirewallGateway.Storage;
using FirewallGateway.Storage.Postgres;

namespace FirewallGateway.Cli;

/// <summary>
/// <c>store copy-sqlite [--from file] [--to connection-string]</c>: copies a single gateway's SQLite store into a
/// new PostgreSQL database, so it can grow into a fleet without losing its history. Works on the files and the
/// database directly (stop the gateway first); defaults come from the Storage section (appsettings.json, environment).
/// </summary>
internal static class StoreCopyCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "The SQLite file (default Storage:SqlitePath, data/firewallgateway.db)" };
        var to = new Option<string?>("--to") { Description = "Npgsql connection string of an empty database (default Storage:PostgresConnectionString, e.g. from Storage__PostgresConnectionString)" };
        var copy = new Command("copy-sqlite", "Copy the SQLite store (decisions, reports, allow-list, logins, targets, outbox) into an empty PostgreSQL database") { from, to };
        copy.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(from), parse.GetValue(to), cancellationToken));
        return new Command("store", "Store tools") { copy };
    }

    private static async Task<int> RunAsync(string? from, string? to, CancellationToken cancellationToken)
    {
        var storage = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build()
            .GetSection(StorageOptions.SectionName);
        string source = from ?? storage[nameof(StorageOptions.SqlitePath)] ?? new StorageOptions().SqlitePath;
        string target = to ?? storage[nameof(StorageOptions.PostgresConnectionString)]
            ?? throw new CliException($"give --to or set {StorageOptions.SectionName}:PostgresConnectionString");
        StoreCopyResult result;
        try
        {
            result = await SqliteToPostgresCopy.CopyAsync(source, target, TimeProvider.System, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or StoreUnavailableException or ArgumentException)
        {
            throw new CliException(ex.Message);
        }

        foreach (var (table, rows) in result.Tables)
        {
            Console.Out.WriteLine($"{table}: {rows} rows");
        }

        Console.Out.WriteLine($"copied {source} into PostgreSQL; now start the gateways with {StorageOptions.SectionName}:Provider=postgres");
        return 0;
    }
}
