using System.Diagnostics;
using System.Net.Sockets;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Mailbox handler, which stores every
/// message it accepts in a maildir the test reads back.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private SmtpSink(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-smtp-").FullName;
        string maildir = Path.Combine(folder, "maildir");
        int port = Loopback.FreeTcpPort();
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start (apt package python3-aiosmtpd)");
        var sink = new SmtpSink(process, folder, port);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync());
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(20),
            "aiosmtpd listening");
        return sink;
    }

    /// <summary>Every message received so far, raw (headers and body).</summary>
    public IReadOnlyList<string> Messages()
    {
        var files = new List<string>();
        foreach (string sub in new[] { "new", "cur" })
        {
            string path = Path.Combine(_folder, "maildir", sub);
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path));
            }
        }

        return files.Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
    }

    /// <summary>Waits until a received message contains <paramref name="text"/> and returns it.</summary>
    public async Task<string> WaitForMessageAsync(string text) =>
        (await Eventually.WaitForAsync(
            () => Task.FromResult(Messages().FirstOrDefault(m => m.Contains(text, StringComparison.Ordinal))),
            m => m is not null,
            TimeSpan.FromSeconds(20),
            $"an e-mail containing '{text}'"))!;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
