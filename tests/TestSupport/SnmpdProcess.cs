using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace FirewallGateway.TestSupport;

/// <summary>
/// A real net-snmp agent (Debian's snmpd) on a loopback UDP port, as a non-daemon child (-f): its own config and
/// persistent folder in a temp directory, a v2c community and two v3 authPriv users (SHA-1/AES and
/// SHA-256/AES). <see cref="RestartAsync"/> stops and starts it on the same port, which an SNMP manager sees as
/// a reboot: sysUpTime starts again near zero and snmpEngineBoots goes up by one.
/// </summary>
public sealed class SnmpdProcess : IAsyncDisposable
{
    public const string Community = "gw-test-community";
    public const string ShaUser = "gw-sha";
    public const string Sha256User = "gw-sha256";
    public const string AuthPassword = "gw-auth-pass-1";
    public const string PrivPassword = "gw-priv-pass-1";
    public const string SysName = "test-router";
    public const string SysDescr = "RouterOS emulator agent for FirewallGateway tests";

    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private SnmpdProcess(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>What snmpd printed (-Lo), for failure messages: "Authentication failed for ..." lines show here.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<SnmpdProcess> StartAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "snmp-core-snmpd-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (string sub in new[] { "conf", "empty", "persist", "client" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "conf", "snmpd.conf"), $"""
            rocommunity {Community} 127.0.0.1
            createUser {ShaUser} SHA "{AuthPassword}" AES "{PrivPassword}"
            createUser {Sha256User} SHA-256 "{AuthPassword}" AES "{PrivPassword}"
            rouser {ShaUser} priv
            rouser {Sha256User} priv
            sysName {SysName}
            sysDescr {SysDescr}
            """);
        var agent = new SnmpdProcess(folder, Loopback.FreeUdpPort());
        try
        {
            await agent.StartProcessAsync();
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        return agent;
    }

    /// <summary>Stops snmpd (SIGTERM, so it saves its boots counter) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>net-snmp's own snmpget, with an argument list: the reference our client is compared with.</summary>
    public Task<ProcessResult> SnmpgetAsync(IEnumerable<string> securityArguments, params string[] oids) =>
        ProcessRunner.RunAsync(
            "snmpget",
            [.. securityArguments, "-r", "2", "-t", "3", "-Onqvt", $"udp:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", .. oids],
            environment: Environment("client"));

    public static string[] V2cArguments => ["-v2c", "-c", Community];

    public static string[] V3Arguments(string user, string authProtocol) =>
        ["-v3", "-l", "authPriv", "-u", user, "-a", authProtocol, "-A", AuthPassword, "-x", "AES", "-X", PrivPassword];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failing dispose would hide the test's own result.
        }
    }

    private async Task StartProcessAsync()
    {
        var startInfo = new ProcessStartInfo("snmpd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-f", "-Lo", "-c", Path.Combine(_folder, "conf", "snmpd.conf"), $"udp:127.0.0.1:{Port}" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Environment("persist"))
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start snmpd");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // Ready when it answers; net-snmp's own client is the judge, not the client under test.
        await Eventually.WaitUntilAsync(
            async () => process.HasExited
                ? throw new InvalidOperationException($"snmpd exited {process.ExitCode}: {Log}")
                : (await ProcessRunner.RunAsync("snmpget", [.. V2cArguments, "-r", "0", "-t", "1", $"udp:127.0.0.1:{Port}", "1.3.6.1.2.1.1.3.0"],
                    environment: Environment("client"))).ExitCode == 0,
            TimeSpan.FromSeconds(30),
            $"snmpd to answer on udp:127.0.0.1:{Port}");
    }

    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    /// <summary>
    /// Keeps snmpd and snmpget out of /etc/snmp and /var/lib/snmp and away from MIB files (numeric OIDs only).
    /// Not `snmpd -C`: that also skips the persistent file, so every start would be boot 1 again, unlike a router.
    /// The search path is an empty folder plus the persistent one, where snmpd keeps its engine ID and boots.
    /// </summary>
    private Dictionary<string, string> Environment(string persistentFolder) => new()
    {
        ["SNMP_PERSISTENT_DIR"] = Path.Combine(_folder, persistentFolder),
        ["MIBS"] = "",
        ["SNMPCONFPATH"] = Path.Combine(_folder, "empty") + ":" + Path.Combine(_folder, persistentFolder),
    };

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
