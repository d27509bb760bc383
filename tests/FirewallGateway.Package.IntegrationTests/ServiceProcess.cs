using System.Diagnostics;
using System.Text;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Package.IntegrationTests;

/// <summary>
/// The unit's ExecStart run the way systemd would without systemd: setpriv switches to User=/Group= and keeps
/// exactly AmbientCapabilities (inheritable and ambient) within CapabilityBoundingSet, with no_new_privs when the
/// unit says NoNewPrivileges; the environment is systemd's (PATH, HOME, USER, ..., NOTIFY_SOCKET) plus the unit's
/// Environment= lines plus any drop-in's; UMask= and WorkingDirectory= apply. Not reproduced: ProtectSystem,
/// PrivateTmp and the other namespace settings, which only systemd sets up (`systemd-analyze verify` checks them).
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly NotifySocket _notify;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, NotifySocket notify)
    {
        _process = process;
        _notify = notify;
    }

    public int Pid => _process.Id;

    public NotifySocket Notify => _notify;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServiceProcess Start(ServiceUnit unit, IReadOnlyDictionary<string, string>? dropInEnvironment)
    {
        string user = unit.Single("User");
        string[] account = PasswdEntry(user);
        var ambient = unit.Capabilities("AmbientCapabilities");
        var bounding = unit.Capabilities("CapabilityBoundingSet");
        string Caps(IReadOnlyList<string> names) => string.Join(',', ["-all", .. names.Select(n => "+" + n)]);

        var notify = new NotifySocket();
        var startInfo = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = unit.Optional("WorkingDirectory") ?? "/",
        };
        // sh only sets the umask and execs: the service keeps this process id, as under systemd.
        string[] arguments =
        [
            "-c", "umask \"$1\"; shift; exec \"$@\"", "sh", unit.Optional("UMask") ?? "0022",
            "setpriv", "--reuid=" + user, "--regid=" + unit.Single("Group"), "--init-groups",
            "--inh-caps=" + Caps(ambient), "--ambient-caps=" + Caps(ambient), "--bounding-set=" + Caps(bounding),
            .. unit.IsYes("NoNewPrivileges") ? new[] { "--no-new-privs" } : [],
            "--", .. unit.ExecStart,
        ];
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        startInfo.Environment["USER"] = user;
        startInfo.Environment["LOGNAME"] = user;
        startInfo.Environment["HOME"] = account[5];
        startInfo.Environment["SHELL"] = account[6];
        startInfo.Environment["INVOCATION_ID"] = Guid.NewGuid().ToString("N");
        startInfo.Environment["NOTIFY_SOCKET"] = notify.Path;
        foreach (var (key, value) in unit.Environment.Concat(dropInEnvironment ?? new Dictionary<string, string>()))
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the service");
        var service = new ServiceProcess(process, notify);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public async Task WaitUntilReadyAsync()
    {
        await Eventually.WaitUntilAsync(
            () => _process.HasExited
                ? throw new InvalidOperationException($"the service exited with {_process.ExitCode} before READY=1:\n{Output}")
                : Task.FromResult(_notify.Received("READY=1")),
            TimeSpan.FromMinutes(2),
            "READY=1 on NOTIFY_SOCKET");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as `systemctl stop` sends; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", "-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await WaitForExitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Lines of /proc/PID/status as key → value (Uid, CapEff, CapAmb, CapBnd, NoNewPrivs, VmRSS...).</summary>
    public IReadOnlyDictionary<string, string> Status() =>
        File.ReadLines($"/proc/{Pid}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync();
            }
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
            await _notify.DisposeAsync();
        }
    }

    private static string[] PasswdEntry(string user)
    {
        string line = File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no account {user} in /etc/passwd");
        return line.Split(':');
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
