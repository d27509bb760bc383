using System.ComponentModel;
using System.Diagnostics;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Starts nft directly, or as <c>ip netns exec &lt;ns&gt; nft ...</c> when the target lives in a network
/// namespace. Exit codes other than 0 and 1 mean nft never judged the script (netns missing: 255 from ip;
/// no memory: 2; no netlink: 3; exec failure: 126/127), so they are transport failures.
/// </summary>
internal sealed class NftProcessRunner : INftRunner
{
    private readonly NftablesOptions _options;
    private readonly TimeProvider _time;

    public NftProcessRunner(NftablesOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public async Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var startInfo = CreateStartInfo(arguments);
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new NftTransportException($"could not start {startInfo.FileName}");
        }
        catch (Win32Exception ex)
        {
            throw new NftTransportException($"could not start {startInfo.FileName}: {ex.Message}", ex);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(_options.CommandTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            try
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), linked.Token);
                }

                process.StandardInput.Close();
                await process.WaitForExitAsync(linked.Token);
                var result = new NftResult(process.ExitCode, await stdout, await stderr);
                return result.ExitCode is 0 or 1
                    ? result
                    : throw new NftTransportException($"{Describe(arguments)} exited {result.ExitCode}: {result.Error}");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Kill(process);
                throw new NftTransportException($"{Describe(arguments)} did not finish within {_options.CommandTimeout.TotalSeconds:0.###} s");
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
            catch (IOException ex)
            {
                // nft exited before reading all of stdin (e.g. ip could not enter the namespace).
                Kill(process);
                throw new NftTransportException($"{Describe(arguments)} failed: {ex.Message}", ex);
            }
        }
    }

    private ProcessStartInfo CreateStartInfo(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_options.NetworkNamespace is { } ns)
        {
            startInfo.FileName = _options.IpPath;
            startInfo.ArgumentList.Add("netns");
            startInfo.ArgumentList.Add("exec");
            startInfo.ArgumentList.Add(ns);
            startInfo.ArgumentList.Add(_options.NftPath);
        }
        else
        {
            startInfo.FileName = _options.NftPath;
        }

        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private string Describe(IReadOnlyList<string> arguments) =>
        (_options.NetworkNamespace is { } ns ? $"ip netns exec {ns} nft " : "nft ") + string.Join(' ', arguments);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
