using System.Diagnostics;
using System.Globalization;
using System.Text;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// A real program (crowdsec, a bouncer) running for the length of a test, its output kept for failure
/// messages; disposing kills it and its children.
/// </summary>
public sealed class RunningProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private RunningProgram(Process process)
    {
        _process = process;
    }

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

    public bool HasExited => _process.HasExited;

    public static RunningProgram Start(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var program = new RunningProgram(process);
        process.OutputDataReceived += (_, e) => program.Append(e.Data);
        process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Freezes the program (SIGSTOP) until <see cref="ResumeAsync"/>: it keeps its state but pulls nothing meanwhile.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal) =>
        (await ProcessRunner.RunAsync("kill", signal, _process.Id.ToString(CultureInfo.InvariantCulture))).EnsureSuccess("kill " + signal);

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
