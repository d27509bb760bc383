using System.Globalization;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real fail2ban (Debian package) in a folder of its own (TESTING.md): a copy of /etc/fail2ban with its own
/// socket, pid, database and log, the polling backend, and one jail watching a test log file with the given actions.
/// </summary>
public sealed class Fail2banServer : IAsyncDisposable
{
    private Fail2banServer(string folder, string jail)
    {
        Folder = folder;
        Jail = jail;
        LogFile = Path.Combine(folder, "auth.log");
    }

    public string Folder { get; }

    public string Jail { get; }

    /// <summary>The file the jail watches; append sshd failure lines to it.</summary>
    public string LogFile { get; }

    /// <param name="jail">The jail name.</param>
    /// <param name="action">The jail's action line(s), e.g. <c>firewallgateway[gateway_url="http://127.0.0.1:P"]</c>.</param>
    /// <param name="extraActionFiles">Files to copy into action.d (name → path).</param>
    public static async Task<Fail2banServer> StartAsync(string jail, string action, IReadOnlyDictionary<string, string>? extraActionFiles = null)
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-f2b-").FullName;
        string config = Path.Combine(folder, "etc");
        await ProcessRunner.RunAsync("cp", "-a", "/etc/fail2ban", config).ContinueWith(t => t.Result.EnsureSuccess("cp /etc/fail2ban"));
        foreach (string file in Directory.EnumerateFiles(Path.Combine(config, "jail.d")))
        {
            File.Delete(file);
        }

        foreach (var (name, path) in extraActionFiles ?? new Dictionary<string, string>())
        {
            File.Copy(path, Path.Combine(config, "action.d", name), overwrite: true);
        }

        var server = new Fail2banServer(folder, jail);
        File.WriteAllText(server.LogFile, string.Empty);
        File.WriteAllText(Path.Combine(config, "fail2ban.local"), $"""
            [Definition]
            socket = {folder}/fail2ban.sock
            pidfile = {folder}/fail2ban.pid
            dbfile = {folder}/fail2ban.sqlite3
            logtarget = {folder}/fail2ban.log
            loglevel = INFO
            """);
        File.WriteAllText(Path.Combine(config, "jail.local"), $"""
            [DEFAULT]
            backend = polling
            ignoreip =

            [{jail}]
            enabled = true
            filter = sshd
            logpath = {server.LogFile}
            maxretry = 5
            findtime = 10m
            bantime = 1h
            action = {action}
            """);
        await server.StartServerAsync();
        return server;
    }

    public async Task StartServerAsync()
    {
        var result = await Client("start");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"fail2ban did not start: {result.StandardError}{result.StandardOutput}\n{ReadLog()}");
        }
    }

    public Task<ProcessResult> StopServerAsync() => Client("stop");

    public Task<ProcessResult> Client(params string[] arguments) =>
        ProcessRunner.RunAsync("fail2ban-client", ["-c", Path.Combine(Folder, "etc"), .. arguments], timeout: TimeSpan.FromSeconds(60));

    /// <summary>Appends sshd "Failed password" lines as sshd writes them to auth.log.</summary>
    public void AppendFailures(string address, int count)
    {
        var lines = Enumerable.Range(0, count).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTime.Now:MMM dd HH:mm:ss} web1 sshd[{4000 + i}]: Failed password for invalid user admin{i} from {address} port {50000 + i} ssh2"));
        File.AppendAllLines(LogFile, lines);
    }

    public string ReadLog() => File.Exists(Path.Combine(Folder, "fail2ban.log")) ? File.ReadAllText(Path.Combine(Folder, "fail2ban.log")) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
