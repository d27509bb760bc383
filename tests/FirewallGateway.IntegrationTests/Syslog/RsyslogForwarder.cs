using System.Diagnostics;
using System.Globalization;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>
/// A real rsyslogd of the test's own (config, pid file and work folder in a temp folder, not the system one)
/// that follows a log file with imfile and forwards each new line to the gateway with omfwd.
/// </summary>
internal sealed class RsyslogForwarder : IAsyncDisposable
{
    private readonly Process _process;

    private RsyslogForwarder(string folder, Process process)
    {
        Folder = folder;
        _process = process;
    }

    public string Folder { get; }

    public string LogFile => Path.Combine(Folder, "auth.log");

    /// <summary>Starts rsyslogd forwarding <see cref="LogFile"/> (tag <c>sshd:</c>) over TCP, octet-counted RFC 5424.</summary>
    public static async Task<RsyslogForwarder> StartAsync(int tcpPort)
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-rsyslog-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "work"));
        File.WriteAllText(Path.Combine(folder, "auth.log"), string.Empty);
        string config = Path.Combine(folder, "rsyslog.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            global(workDirectory="{folder}/work")
            module(load="imfile")
            input(type="imfile" File="{folder}/auth.log" Tag="sshd:" Facility="auth" Severity="info")
            action(type="omfwd" target="127.0.0.1" port="{tcpPort}" protocol="tcp" TCP_Framing="octet-counted"
                   template="RSYSLOG_SyslogProtocol23Format" action.resumeRetryCount="-1" action.resumeInterval="1")
            """));
        var check = await ProcessRunner.RunAsync("rsyslogd", ["-N1", "-f", config], timeout: TimeSpan.FromSeconds(20));
        check.EnsureSuccess("rsyslogd -N1 (config check)");

        var startInfo = new ProcessStartInfo("rsyslogd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-n", "-f", config, "-i", Path.Combine(folder, "rsyslogd.pid") })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start rsyslogd");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RsyslogForwarder(folder, process);
    }

    public void Append(IEnumerable<string> lines) => File.AppendAllLines(LogFile, lines);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
