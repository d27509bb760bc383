using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>
/// A real fail2ban playing the central firewall: a copy of /etc/fail2ban in a folder of its own with the shipped
/// jail (samples/fail2ban/central-firewall/jail.d) and either fail2ban's dummy action or, inside a network
/// namespace, the shipped nftables DROP action. Its socket is handed to the SSH account so the wrapper can
/// run fail2ban-client without sudo (the CI machines have none).
/// </summary>
internal sealed class FirewallJail : IAsyncDisposable
{
    public const string Name = "gateway";

    private readonly string _socketOwner;
    private readonly string? _namespace;
    private readonly string? _timeZone;

    private FirewallJail(string folder, string socketOwner, string? netns, string? timeZone)
    {
        Folder = folder;
        _socketOwner = socketOwner;
        _namespace = netns;
        _timeZone = timeZone;
    }

    public string Folder { get; }

    public string ConfigDirectory => Path.Combine(Folder, "etc");

    /// <param name="folder">An empty folder the firewall owns from now on.</param>
    /// <param name="socketOwner">The SSH account that runs the wrapper.</param>
    /// <param name="netns">Run the server in this namespace with the shipped DROP action; null: dummy action.</param>
    /// <param name="timeZone">TZ of the fail2ban server (its --with-time output is local time).</param>
    public static async Task<FirewallJail> StartAsync(string folder, string socketOwner, string? netns = null, string? timeZone = null)
    {
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var jail = new FirewallJail(folder, socketOwner, netns, timeZone);
        string etc = jail.ConfigDirectory;
        (await ProcessRunner.RunAsync("cp", "-a", "/etc/fail2ban", etc)).EnsureSuccess("cp /etc/fail2ban");
        foreach (string file in Directory.EnumerateFiles(Path.Combine(etc, "jail.d")))
        {
            File.Delete(file);
        }

        File.Copy(SamplePaths.Jail, Path.Combine(etc, "jail.d", "firewallgateway-central.local"));
        File.Copy(SamplePaths.DropAction, Path.Combine(etc, "action.d", "firewallgateway-drop.conf"));
        File.WriteAllText(Path.Combine(etc, "fail2ban.local"), $"""
            [Definition]
            socket = {folder}/fail2ban.sock
            pidfile = {folder}/fail2ban.pid
            dbfile = {folder}/fail2ban.sqlite3
            logtarget = {folder}/fail2ban.log
            loglevel = INFO
            """);
        if (netns is null)
        {
            // Sorted after the sample, so only the action differs from what an operator installs.
            File.WriteAllText(Path.Combine(etc, "jail.d", "zz-test.local"), $"""
                [{Name}]
                action = dummy[target="{folder}/dummy.txt"]
                """);
        }

        await jail.StartServerAsync();
        return jail;
    }

    public async Task StartServerAsync()
    {
        var environment = _timeZone is null ? null : new Dictionary<string, string> { ["TZ"] = _timeZone };
        IEnumerable<string> command = ["fail2ban-client", "-c", ConfigDirectory, "start"];
        if (_namespace is not null)
        {
            command = ["ip", "netns", "exec", _namespace, .. command];
        }

        var started = await ProcessRunner.RunAsync(command.First(), command.Skip(1), timeout: TimeSpan.FromSeconds(60), environment: environment);
        if (started.ExitCode != 0)
        {
            throw new InvalidOperationException($"fail2ban did not start: {started.StandardError}{started.StandardOutput}\n{ReadLog()}");
        }

        (await ProcessRunner.RunAsync("chown", _socketOwner, Path.Combine(Folder, "fail2ban.sock"))).EnsureSuccess("chown socket");
    }

    public Task<ProcessResult> StopServerAsync() => Client("stop");

    /// <summary>A firewall restart that lost its state: stop, delete the ban database, start.</summary>
    public async Task RestartWithoutDatabaseAsync()
    {
        (await StopServerAsync()).EnsureSuccess("fail2ban stop");
        File.Delete(Path.Combine(Folder, "fail2ban.sqlite3"));
        await StartServerAsync();
    }

    public Task<ProcessResult> Client(params string[] arguments) =>
        ProcessRunner.RunAsync("fail2ban-client", ["-c", ConfigDirectory, .. arguments], timeout: TimeSpan.FromSeconds(60));

    /// <summary>The jail's "Banned IP list" from <c>fail2ban-client status gateway</c>.</summary>
    public async Task<HashSet<string>> BannedAsync()
    {
        string output = (await Client("status", Name)).EnsureSuccess("status").StandardOutput;
        string line = output.Split('\n').Single(l => l.Contains("Banned IP list:", StringComparison.Ordinal));
        return [.. line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)];
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
