using System.Diagnostics;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Syslog;

/// <summary>A bad operator rule stops the real gateway at start; <c>rules test</c> runs offline on the real binary.</summary>
public sealed class SyslogStartupAndCliTests
{
    private static string Binary => Path.Combine(AppContext.BaseDirectory, "FirewallGateway.dll");

    [Fact]
    public async Task Start_BadOperatorPattern_StopsWithTheRuleKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:Syslog:Enabled"] = "true",
            ["Receivers:Syslog:Udp:Port"] = "0",
            ["Receivers:Syslog:Tcp:Enabled"] = "false",
            ["Receivers:Syslog:Rules:vpn-auth:Pattern"] = "auth failed from (?<address>[0-9.+",
        }));
        Assert.Contains("Receivers:Syslog:Rules:vpn-auth:Pattern", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exited with 2 during start", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FirewallGateway: configuration error: Receivers:Syslog:Rules:vpn-auth:Pattern", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_StopsWithOneLineNamingTheAddress()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        int busy = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{busy}",
        }));
        Assert.Contains("exited with 2 during start", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"FirewallGateway: cannot listen: Failed to bind to address http://127.0.0.1:{busy}: address already in use.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_AuthLog_PrintsMatchesAndWouldBanAndExitsZero()
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-rulestest-").FullName;
        try
        {
            string log = Path.Combine(folder, "auth.log");
            File.WriteAllLines(log, [
                .. Enumerable.Range(0, 5).Select(i => $"Nov 23 05:0{i}:00 web sshd[{i}]: Failed password for root from 1.0.21.1 port 4000{i} ssh2"),
                "Nov 23 05:06:00 web sshd[9]: Failed password for root from 1.0.21.2 port 1 ssh2",
                "<26>system,error,critical login failure for user admin from 1.0.21.3 via winbox",
                "Nov 23 05:07:00 web CRON[2]: pam_unix(cron:session): session opened for user root",
            ]);

            var text = await RunCliAsync("rules", "test", log);
            Assert.True(text.ExitCode == 0 && text.StandardOutput.Contains("6 line(s)", StringComparison.Ordinal), text.StandardOutput + text.StandardError);
            Assert.Contains("rule sshd (built-in): 6 line(s) matched", text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("would ban 1.0.21.1: 5 failure line(s), 1 ban(s), first at line 5", text.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("would ban 1.0.21.2", text.StandardOutput, StringComparison.Ordinal);

            var json = await RunCliAsync("rules", "test", log, "--json");
            Assert.Equal(0, json.ExitCode);
            using var document = JsonDocument.Parse(json.StandardOutput);
            Assert.Equal(8, document.RootElement.GetProperty("lines").GetInt64());
            var rules = document.RootElement.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!);
            Assert.True(rules["sshd"].GetProperty("bans").GetArrayLength() == 1, json.StandardOutput);
            Assert.Equal("1.0.21.1", rules["sshd"].GetProperty("bans")[0].GetProperty("address").GetString());
            Assert.Equal(1, rules["mikrotik-login"].GetProperty("matched").GetInt64());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RulesTest_OutMsg_ControlCharactersFromTheLogPrintedEscaped()
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-rulestest-").FullName;
        try
        {
            // A user name is attacker-written: an ESC sequence in it must not reach the operator's terminal.
            string log = Path.Combine(folder, "auth.log");
            File.WriteAllLines(log, ["Nov 23 05:06:00 web sshd[9]: Failed password for invalid user a\u001b[2Jb from 1.0.21.2 port 1 ssh2"]);

            var text = await RunCliAsync("rules", "test", log, "--out", "msg");
            Assert.True(text.ExitCode == 0, text.StandardOutput + text.StandardError);
            Assert.Contains("invalid user a\\e[2Jb from 1.0.21.2", text.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', text.StandardOutput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ProcessResult> RunCliAsync(params string[] arguments)
    {
        string folder = Directory.CreateTempSubdirectory("fwgw-cli-").FullName;
        try
        {
            // Run from an empty folder so only the binary's own appsettings.json applies.
            var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            startInfo.ArgumentList.Add(Binary);
            foreach (string argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(cts.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
