using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace FirewallGateway.TestSupport;

/// <summary>
/// A real OpenSSH server (Debian openssh-server) on a free loopback port, as TESTING.md describes: a throwaway
/// ed25519 host key, its own config and log, and one restricted account made for the test whose only key is
/// forced onto a command (<c>restrict,command="..."</c>), exactly like the central-firewall recipe. Stopping it
/// also ends the sessions it accepted, so "sshd is down" means no connection survives. Disposing deletes the
/// account and the folder.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly string _config;
    private readonly string _pidFile;

    private SshServer(string folder, string user, int port)
    {
        Folder = folder;
        User = user;
        Port = port;
        Home = Path.Combine(folder, "home");
        ClientKeyFile = Path.Combine(folder, "client_ed25519");
        LogFile = Path.Combine(folder, "sshd.log");
        _config = Path.Combine(folder, "sshd_config");
        _pidFile = Path.Combine(folder, "sshd.pid");
    }

    /// <summary>The server's own folder (mode 755, owned by root).</summary>
    public string Folder { get; }

    /// <summary>The restricted account's name.</summary>
    public string User { get; }

    /// <summary>The restricted account's home: the only folder it may write.</summary>
    public string Home { get; }

    public int Port { get; }

    /// <summary>The private key the client authenticates with (no passphrase).</summary>
    public string ClientKeyFile { get; }

    /// <summary>The host key's fingerprint as OpenSSH prints it: <c>SHA256:...</c>.</summary>
    public string HostKeySha256 { get; private set; } = string.Empty;

    /// <summary>sshd's own log (LogLevel VERBOSE).</summary>
    public string LogFile { get; }

    /// <summary>
    /// Starts sshd. <paramref name="forcedCommandFile"/> is copied into the folder (so the restricted account can
    /// run it wherever the repository lives) and forced with <paramref name="forcedCommandArguments"/>; the
    /// placeholder <c>{home}</c> in the arguments becomes <see cref="Home"/>.
    /// </summary>
    public static async Task<SshServer> StartAsync(string forcedCommandFile, string forcedCommandArguments)
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-sshd-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        string user = "fwgw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var server = new SshServer(folder, user, Loopback.FreeTcpPort());
        try
        {
            await server.CreateAsync(forcedCommandFile, forcedCommandArguments);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (or restarts) the daemon on the same port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        Directory.CreateDirectory("/run/sshd");
        (await ProcessRunner.RunAsync("/usr/sbin/sshd", "-f", _config, "-E", LogFile)).EnsureSuccess("sshd");
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            $"sshd to listen on 127.0.0.1:{Port}");
    }

    /// <summary>Stops the listener and every session it accepted (found by parent pid), like a firewall reboot.</summary>
    public async Task StopAsync()
    {
        if (!File.Exists(_pidFile))
        {
            return;
        }

        int listener = int.Parse(File.ReadAllText(_pidFile).Trim(), CultureInfo.InvariantCulture);
        var doomed = Descendants(listener).Prepend(listener).ToList();
        foreach (int pid in doomed)
        {
            await ProcessRunner.RunAsync("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
        }

        File.Delete(_pidFile);
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(doomed.All(pid => !Directory.Exists($"/proc/{pid}"))),
            TimeSpan.FromSeconds(10),
            "sshd and its sessions to exit");
    }

    /// <summary>How many times the restricted account logged in (one per SSH connection).</summary>
    public int AcceptedLogins() =>
        File.Exists(LogFile) ? File.ReadLines(LogFile).Count(l => l.Contains($"Accepted publickey for {User} ", StringComparison.Ordinal)) : 0;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            // A command whose channel was closed (a timeout test) can outlive its session; the account's
            // processes are the test's own, and userdel refuses while any runs.
            await KillProcessesOfUserAsync();
            await ProcessRunner.RunAsync("userdel", User);
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task CreateAsync(string forcedCommandFile, string forcedCommandArguments)
    {
        string hostKey = Path.Combine(Folder, "host_ed25519");
        (await ProcessRunner.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "fwgw-test-host", "-f", hostKey)).EnsureSuccess("ssh-keygen host");
        (await ProcessRunner.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "fwgw-test-gateway", "-f", ClientKeyFile)).EnsureSuccess("ssh-keygen client");
        string fingerprint = (await ProcessRunner.RunAsync("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub")).EnsureSuccess("ssh-keygen -l").StandardOutput;
        HostKeySha256 = fingerprint.Split(' ')[1];

        // The account is created locked; '*' unlocks key logins without any password (TESTING.md).
        (await ProcessRunner.RunAsync("useradd", "-M", "-d", Home, "-s", "/bin/sh", User)).EnsureSuccess("useradd");
        (await ProcessRunner.RunAsync("usermod", "-p", "*", User)).EnsureSuccess("usermod");
        string wrapper = Path.Combine(Folder, Path.GetFileName(forcedCommandFile));
        File.Copy(forcedCommandFile, wrapper);
        File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);
        string sshDir = Path.Combine(Home, ".ssh");
        Directory.CreateDirectory(sshDir);
        string arguments = forcedCommandArguments.Replace("{home}", Home, StringComparison.Ordinal);
        File.WriteAllText(
            Path.Combine(sshDir, "authorized_keys"),
            $"restrict,command=\"{wrapper} {arguments}\" {File.ReadAllText(ClientKeyFile + ".pub").Trim()}\n");
        (await ProcessRunner.RunAsync("chown", "-R", $"{User}:{User}", Home)).EnsureSuccess("chown home");
        File.SetUnixFileMode(Home, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(sshDir, (UnixFileMode)0b111_000_000);
        File.SetUnixFileMode(Path.Combine(sshDir, "authorized_keys"), (UnixFileMode)0b110_000_000);

        File.WriteAllText(_config, string.Create(CultureInfo.InvariantCulture, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {_pidFile}
            AuthorizedKeysFile .ssh/authorized_keys
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin no
            AllowUsers {User}
            MaxSessions 10
            MaxStartups 100
            LogLevel VERBOSE
            """));
    }

    private async Task KillProcessesOfUserAsync()
    {
        string? uid = (await ProcessRunner.RunAsync("id", "-u", User)).StandardOutput.Trim();
        if (string.IsNullOrEmpty(uid))
        {
            return;
        }

        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                string? line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                if (line is not null && line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == uid)
                {
                    await ProcessRunner.RunAsync("kill", "-KILL", Path.GetFileName(dir));
                }
            }
            catch (IOException)
            {
            }
        }
    }

    private static List<int> Descendants(int parent)
    {
        var children = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return children.SelectMany(child => Descendants(child).Prepend(child)).ToList();
    }
}
