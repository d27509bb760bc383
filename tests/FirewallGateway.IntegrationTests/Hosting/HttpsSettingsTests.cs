using System.Diagnostics;
using System.Text;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Hosting;

/// <summary>
/// The real binary with HTTPS from PEM files and its settings in a FWGW_CONFIG file (the installed layout, in a
/// temp folder): the CLI finds URL, login and certificate from that file alone; bad certificate settings stop the
/// start naming the key. The package tests do the same with the installed .deb.
/// </summary>
public sealed class HttpsSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fwgw-https-").FullName;

    private static string Binary => Path.Combine(AppContext.BaseDirectory, "FirewallGateway.dll");

    [Fact]
    public async Task Https_from_pem_files_in_the_config_file_serves_the_cli_with_no_option()
    {
        var output = new StringBuilder();
        var (gateway, config, port, _) = await StartHttpsGatewayAsync(output);
        try
        {
            // Root's CLI on the gateway host: nothing but FWGW_CONFIG, run from another folder.
            var list = await RunCliAsync(config, "decisions", "list");
            Assert.True(list.ExitCode == 0, list.StandardError + Collected(output));
            Assert.Contains("ADDRESS", list.StandardOutput, StringComparison.Ordinal);

            // The trust is the configured certificate, not "anything": a CLI pinned to another certificate is refused.
            var (other, otherKey) = WriteSelfSigned("other");
            string wrong = WriteConfig("wrong.json", port, other, otherKey);
            var refused = await RunCliAsync(wrong, "decisions", "list");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("SSL connection could not be established", refused.StandardError, StringComparison.Ordinal);

            // And plain HTTP on that port is not served.
            using var http = new HttpClient();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/health")));
        }
        finally
        {
            await StopAsync(gateway);
        }
    }

    [Fact]
    public async Task Fail2ban_sample_action_reports_over_https_trusting_the_gateway_certificate()
    {
        var output = new StringBuilder();
        var (gateway, config, port, certificate) = await StartHttpsGatewayAsync(output);
        try
        {
            string created = (await RunCliAsync(config, "credentials", "add", "web1", "--role", "reporter")).EnsureSuccess("credentials add").StandardOutput;
            string credentials = Path.Combine(_folder, "web1.curl");
            File.WriteAllText(credentials, $"user = \"web1:{created[(created.IndexOf("password: ", StringComparison.Ordinal) + 10)..].Trim()}\"\n");
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            // The shipped action with cacert = the gateway's certificate: curl checks it, no --insecure anywhere.
            await using var fail2ban = await Fail2banServer.StartAsync(
                "gwtls",
                $"firewallgateway[gateway_url=\"https://127.0.0.1:{port}\", cacert=\"{certificate}\", credentials=\"{credentials}\"]",
                new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });
            (await fail2ban.Client("set", "gwtls", "banip", "1.0.2.19")).EnsureSuccess("banip");
            await Eventually.WaitUntilAsync(
                async () => (await RunCliAsync(config, "decisions", "list")).StandardOutput.Contains("1.0.2.19", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                $"a decision from fail2ban over HTTPS (fail2ban log:\n{fail2ban.ReadLog()}){Collected(output)}");
            string action = await File.ReadAllTextAsync(RepositoryPaths.Fail2banAction);
            Assert.DoesNotContain("--insecure", action, StringComparison.Ordinal);
            Assert.DoesNotContain(" -k ", action, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(gateway);
        }
    }

    [Fact]
    public async Task Https_url_without_a_certificate_stops_the_start_naming_Urls()
    {
        int port = Loopback.FreeTcpPort();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"https://127.0.0.1:{port}",
        }));
        Assert.Contains($"FirewallGateway: configuration error: Urls: 'https://127.0.0.1:{port}' needs a certificate: set Kestrel:Certificates:Default:Path and Kestrel:Certificates:Default:KeyPath (PEM files)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_file_and_mismatched_key_stop_the_start_naming_the_keys()
    {
        var (certificate, _) = WriteSelfSigned("gateway");
        var (_, otherKey) = WriteSelfSigned("other");
        string missing = Path.Combine(_folder, "missing.key");
        var absent = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:KeyPath"] = missing,
        }));
        Assert.Contains($"configuration error: Kestrel:Certificates:Default:KeyPath: '{missing}' does not exist", absent.Message, StringComparison.Ordinal);

        var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Kestrel:Certificates:Default:Path"] = certificate,
            ["Kestrel:Certificates:Default:KeyPath"] = otherKey,
        }));
        Assert.Contains("configuration error: Kestrel:Certificates:Default:Path / Kestrel:Certificates:Default:KeyPath:", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_config_file_stops_the_start_naming_FWGW_CONFIG()
    {
        string missing = Path.Combine(_folder, "absent.json");
        var result = await ProcessRunner.RunAsync(
            "dotnet", [Binary, "--urls", $"http://127.0.0.1:{Loopback.FreeTcpPort()}"], environment: new Dictionary<string, string> { ["FWGW_CONFIG"] = missing });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"FirewallGateway: configuration error: FWGW_CONFIG names '{missing}', which does not exist", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Certificate, string Key) WriteSelfSigned(string name) => SelfSignedCertificate.Write(_folder, name);

    private string WriteConfig(string name, int port, string certificate, string key)
    {
        string data = Path.Combine(_folder, "data");
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, $$"""
            {
              "Urls": "https://127.0.0.1:{{port}}",
              "Kestrel": { "Certificates": { "Default": { "Path": "{{certificate}}", "KeyPath": "{{key}}" } } },
              "Gateway": { "DataDirectory": "{{data}}" },
              "Storage": { "Provider": "sqlite", "SqlitePath": "{{Path.Combine(data, "firewallgateway.db")}}" }
            }
            """);
        return path;
    }

    /// <summary>The gateway on HTTPS with a certificate made here, its settings in a FWGW_CONFIG file; returns once the CLI gets an answer.</summary>
    private async Task<(Process Gateway, string Config, int Port, string Certificate)> StartHttpsGatewayAsync(StringBuilder output)
    {
        var (certificate, key) = WriteSelfSigned("gateway");
        int port = Loopback.FreeTcpPort();
        string config = WriteConfig("gateway.json", port, certificate, key);
        var gateway = StartGateway(config, output);
        try
        {
            await Eventually.WaitUntilAsync(
                async () => gateway.HasExited || (await RunCliAsync(config, "decisions", "list")).ExitCode == 0,
                TimeSpan.FromSeconds(60),
                "the gateway's CLI over HTTPS");
            Assert.False(gateway.HasExited, Collected(output));
            return (gateway, config, port, certificate);
        }
        catch
        {
            gateway.Kill(entireProcessTree: true);
            gateway.Dispose();
            throw;
        }
    }

    private static async Task StopAsync(Process gateway)
    {
        gateway.Kill(entireProcessTree: true);
        await gateway.WaitForExitAsync();
        gateway.Dispose();
    }

    private Process StartGateway(string config, StringBuilder output)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Binary);
        startInfo.Environment["FWGW_CONFIG"] = config;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the gateway");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Collected(StringBuilder output)
    {
        lock (output)
        {
            return "\ngateway output:\n" + output;
        }
    }

    private static Task<ProcessResult> RunCliAsync(string config, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Binary, .. arguments], environment: new Dictionary<string, string> { ["FWGW_CONFIG"] = config });
}
