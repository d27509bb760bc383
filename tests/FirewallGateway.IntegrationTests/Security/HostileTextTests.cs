using System.Net;
using System.Text;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Fleet;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// What a reporter chooses (a Graylog event id, title, evidence) cannot forge a log line of the gateway nor
/// drive the operator's terminal through the CLI; out-of-range report periods are a 400 with a reason; the data
/// folder and the files in it are private to the gateway's user. Against a real gateway process and the real CLI.
/// </summary>
public sealed class HostileTextTests : IAsyncLifetime
{
    private const string Forged = "FORGED fail: Microsoft.Hosting.Lifetime[0] everything is fine";
    private const string Escape = "\u001b";
    private GatewayProcess _gateway = null!;
    private HttpClient _graylog = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayProcess.StartAsync();
        _graylog = _gateway.Client("graylog", await _gateway.CreateReporterAsync("graylog"));
    }

    public async Task DisposeAsync()
    {
        _graylog?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task GraylogEventIdWithNewlineAndEscape_LogStaysOneLinePerEvent()
    {
        string eventId = $"ev1\n{Forged}\r\n{Escape}[2J{Escape}]0;owned\u0007";
        await PostGraylogAsync(eventId, "SSH brute force", "1.0.60.1", "Failed password for root from 1.0.60.1 port 22 ssh2");

        await Eventually.WaitUntilAsync(
            () => Task.FromResult(_gateway.Log.Contains("notification ev1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            $"the notification's log line; log:\n{_gateway.Log}");
        string log = _gateway.Log;
        Assert.DoesNotContain(Escape, log, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", log, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Split('\n'), line => line.TrimStart().StartsWith("FORGED", StringComparison.Ordinal));
        Assert.Contains(@"ev1\n" + Forged + @"\r\n\e[2J", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliWhy_ReportTextWithControlCharacters_PrintedEscaped()
    {
        string title = $"brute{Escape}[31m force\n{Forged}";
        string evidence = $"{Escape}]0;owned\u0007 Failed password from 1.0.60.2\u009b2J";
        await PostGraylogAsync("ev2", title, "1.0.60.2", evidence);

        var why = await FleetCli.RunAsync(_gateway, "why", "1.0.60.2");
        Assert.True(why.ExitCode == 0, why.StandardError + why.StandardOutput);
        string output = why.StandardOutput;
        Assert.DoesNotContain(Escape, output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u009b", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("FORGED", StringComparison.Ordinal));
        Assert.Contains(@"brute\e[31m force\n" + Forged, output, StringComparison.Ordinal);

        var list = await FleetCli.RunAsync(_gateway, "decisions", "list");
        Assert.DoesNotContain(Escape, list.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(list.StandardOutput.Split('\n'), line => line.StartsWith("FORGED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("since=5000000d", "since")]
    [InlineData("since=99999999w", "since")]
    [InlineData("to=0001-01-01T00:00:00Z", "to")]
    [InlineData("from=0001-01-01T00:00:00Z", "from")]
    public async Task Summary_PeriodOutOfRange_400NamingTheField(string query, string field)
    {
        using var client = _gateway.OperatorClient();
        using var response = await client.GetAsync("api/v1/reports/summary?" + query);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task DataFolder_CreatedAtFirstStart_FolderIs0700FilesAre0600()
    {
        // A report makes sure the WAL and shared-memory files exist too.
        await PostGraylogAsync("ev3", "t", "1.0.60.3", "Failed password from 1.0.60.3");
        string data = Path.Combine(_gateway.DataDirectory, "data");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        string[] files = [.. Directory.GetFiles(data)];
        Assert.Contains(files, f => f.EndsWith("firewallgateway.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("firewallgateway.db-wal", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("admin.credentials", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(
            File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite),
            $"{f} is {File.GetUnixFileMode(f)}"));
    }

    private async Task PostGraylogAsync(string eventId, string title, string key, string message)
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["event_id"] = eventId,
            ["event_summary_template"] = title,
            ["event_key"] = key,
            ["backlog"] = new[] { new Dictionary<string, string> { ["message"] = message } },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _graylog.PostAsync("api/v1/graylog/custom", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
