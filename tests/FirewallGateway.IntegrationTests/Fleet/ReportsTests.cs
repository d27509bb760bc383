using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.Reports;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>Top attackers and most-attacked servers through the API, and the e-mail report through a real SMTP server.</summary>
public sealed class ReportsTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private GatewayFactory _factory = null!;
    private HttpClient _operator = null!;
    private HttpClient _reporter = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _factory = new GatewayFactory(new Dictionary<string, string>
        {
            ["Reports:SmtpHost"] = "127.0.0.1",
            ["Reports:SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reports:SmtpSecurity"] = "none",
            ["Reports:From"] = "gateway@example.org",
            ["Reports:To:0"] = "ops@example.org",
        });
        _operator = _factory.OperatorClient();
        _reporter = await _factory.ReporterClientAsync("fleet");
        await ReportAsync("1.0.60.1", "web-a");
        await ReportAsync("1.0.60.1", "web-b");
        await ReportAsync("1.0.60.1", "web-c");
        await ReportAsync("1.0.60.2", "web-a");
        await ReportAsync("1.0.60.2", "web-a");
        await ReportAsync("1.0.60.3", "web-b");
        using var manual = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.60.9", duration = "1h" });
        Assert.Equal(HttpStatusCode.Created, manual.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        _reporter.Dispose();
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Summary_Period_RanksAddressesByReportsAndServersByReportingHost()
    {
        using var json = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/reports/summary?since=1h"));
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("reports").GetInt64());
        Assert.Equal(
            ["1.0.60.1:3:3", "1.0.60.2:2:1", "1.0.60.3:1:1"],
            root.GetProperty("topAddresses").EnumerateArray().Select(Row).ToArray());
        Assert.Equal(
            ["web-a:3:2", "web-b:2:2", "web-c:1:1"],
            root.GetProperty("topServers").EnumerateArray().Select(Row).ToArray());
    }

    [Fact]
    public async Task Summary_PeriodBeforeTheReports_IsEmptyAndBadInputRefused()
    {
        string from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-3).ToString("O"));
        string to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-2).ToString("O"));
        using var json = JsonDocument.Parse(await _operator.GetStringAsync($"api/v1/reports/summary?from={from}&to={to}"));
        Assert.Equal(0, json.RootElement.GetProperty("reports").GetInt64());
        Assert.Empty(json.RootElement.GetProperty("topAddresses").EnumerateArray());

        using var bad = await _operator.GetAsync("api/v1/reports/summary?since=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var byReporter = await _reporter.GetAsync("api/v1/reports/summary");
        Assert.Equal(HttpStatusCode.Forbidden, byReporter.StatusCode);
    }

    [Fact]
    public async Task Email_SendNow_RealSmtpServerReceivesTheReport()
    {
        using var response = await _operator.PostAsync("api/v1/reports/email?since=1h", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string subject = json.RootElement.GetProperty("subject").GetString()!;

        string message = await _smtp.WaitForMessageAsync(subject);
        Assert.Contains("From: gateway@example.org", message, StringComparison.Ordinal);
        Assert.Contains("To: ops@example.org", message, StringComparison.Ordinal);
        Assert.Contains("Top attacking addresses", message, StringComparison.Ordinal);
        Assert.Matches(@"1\s+1\.0\.60\.1\s+3\s+3", message);
        Assert.Matches(@"1\s+web-a\s+3\s+2", message);
    }

    [Fact]
    public async Task Scheduler_WeeklyAtSix_SendsLastWeeksReportWhenTheClockGetsThere()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 5, 0, 0, TimeSpan.Zero)); // a Monday
        var options = new EmailReportOptions { Schedule = "weekly", SendAtHour = 6 };
        var live = _factory.Services.GetRequiredService<IOptionsMonitor<EmailReportOptions>>().CurrentValue;
        options.SmtpHost = live.SmtpHost;
        options.SmtpPort = live.SmtpPort;
        options.SmtpSecurity = live.SmtpSecurity;
        options.From = live.From;
        options.To = ["weekly@example.org"];
        var monitor = new FixedOptionsMonitor<EmailReportOptions>(options);
        var sender = new EmailReportSender(_factory.Services.GetRequiredService<ReportComposer>(), monitor, NullLogger<EmailReportSender>.Instance);
        using var scheduler = new EmailReportScheduler(sender, monitor, time, NullLogger<EmailReportScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // Nothing before six o'clock; then the clock moves in small steps until the report goes out.
            Assert.DoesNotContain(_smtp.Messages(), m => m.Contains("weekly@example.org", StringComparison.Ordinal));
            string? message = await Eventually.WaitForAsync(
                () =>
                {
                    if (time.GetUtcNow() < new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero))
                    {
                        time.Advance(TimeSpan.FromMinutes(5));
                    }

                    return Task.FromResult(_smtp.Messages().FirstOrDefault(m => m.Contains("weekly@example.org", StringComparison.Ordinal)));
                },
                m => m is not null,
                TimeSpan.FromSeconds(30),
                "the weekly report");
            Assert.Contains("FirewallGateway report 2025-12-29 - 2026-01-05", message, StringComparison.Ordinal);
            Assert.Single(_smtp.Messages(), m => m.Contains("weekly@example.org", StringComparison.Ordinal));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    private static string Row(JsonElement e) =>
        $"{e.GetProperty("name").GetString()}:{e.GetProperty("reports").GetInt64()}:{e.GetProperty("distinct").GetInt64()}";

    private async Task ReportAsync(string ip, string host)
    {
        using var response = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip, jail = "sshd", host }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
