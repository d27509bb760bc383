using System.Globalization;
using FirewallGateway.TestSupport;
using Npgsql;

namespace FirewallGateway.Storage.Postgres.Tests.Cluster;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: initdb in a temp folder, a free loopback port,
/// password logins (so a wrong password can be tested), its unix socket in the same folder. Stopped and
/// deleted when the run ends, also when tests failed (collection fixture disposal, and process exit as a
/// backstop). initdb refuses to run as root, so as root the server runs as the package's postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string Password = "fgw-test-secret";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _bin = PostgresBinaries.FindBinFolder();
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-pg-").FullName;
    private bool _running;
    private int _databases;

    public int Port { get; } = Loopback.FreeTcpPort();

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string to <paramref name="database"/> as the superuser, named <paramref name="application"/>.</summary>
    public string ConnectionString(string database = "postgres", string application = "fgw-tests", string password = Password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = "postgres",
            Password = password,
            ApplicationName = application,
            Timeout = 10,
            CommandTimeout = 30,
        }.ToString();

    public async Task InitializeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        try
        {
            await StartAsync();
        }
        catch
        {
            // Nothing of a half-made cluster stays behind (the runner may not dispose a fixture that failed).
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            await StopAndDeleteAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        bool root = Environment.UserName == "root";
        if (root)
        {
            await Run("chown", ["postgres:postgres", _folder]);
        }

        string passwordFile = Path.Combine(_folder, "pw");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (root)
        {
            await Run("chown", ["postgres:postgres", passwordFile]);
        }

        await Server("initdb", ["-D", DataFolder, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C", "--no-sync"]);

        // Durability is not under test here (the database engine's, not ours): skip fsyncs to keep the run fast.
        string settings = string.Create(
            CultureInfo.InvariantCulture, $"\nlisten_addresses = '127.0.0.1'\nport = {Port}\nunix_socket_directories = '{_folder}'\n");
        await File.AppendAllTextAsync(
            Path.Combine(DataFolder, "postgresql.conf"),
            settings + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n");
        await Server("pg_ctl", ["start", "-w", "-t", "30", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log")]);
        _running = true;
    }

    /// <summary>Creates an empty database of a test's own and returns its name.</summary>
    public string CreateDatabase()
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>Drops a test's database, disconnecting whatever still uses it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends every session whose application name is <paramref name="application"/>: what the server sees when a gateway process dies.</summary>
    public async Task<int> TerminateSessionsAsync(string application)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("app", application);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server as an operator's restart does (fast: sessions are ended, committed work is kept).</summary>
    public async Task StopFastAsync() =>
        await Server("pg_ctl", ["stop", "-m", "fast", "-w", "-t", "30", "-D", DataFolder]);

    /// <summary>Starts the server again after <see cref="StopFastAsync"/>, on the same port.</summary>
    public async Task StartAgainAsync() =>
        await Server("pg_ctl", ["start", "-w", "-t", "30", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log")]);

    /// <summary>Advisory lock requests that wait for another session right now, in any database.</summary>
    public async Task<long> CountWaitingAdvisoryLocksAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        NpgsqlConnection.ClearAllPools();
        await StopAndDeleteAsync();
    }

    private async Task StopAndDeleteAsync()
    {
        try
        {
            if (_running)
            {
                _running = false;
                await Server("pg_ctl", ["stop", "-m", "immediate", "-w", "-t", "30", "-D", DataFolder]);
            }
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (_running)
        {
            StopAndDeleteAsync().GetAwaiter().GetResult();
        }
    }

    private Task<ProcessResult> Server(string program, IReadOnlyList<string> arguments)
    {
        string path = Path.Combine(_bin, program);
        return Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", path, .. arguments])
            : Run(path, arguments);
    }

    private static async Task<ProcessResult> Run(string program, IReadOnlyList<string> arguments) =>
        (await ProcessRunner.RunAsync(program, arguments, timeout: CommandTimeout)).EnsureSuccess($"{program} {string.Join(' ', arguments)}");
}
