using System.Globalization;
using System.Net.Http.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>The operator's day through the real CLI against a real gateway process: lock, look, unlock, pull, report.</summary>
public sealed class FleetCliTests : IClassFixture<FleetCliTests.Fixture>
{
    private readonly Fixture _fixture;

    public FleetCliTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task LockWhyBlocklistUnlock_OneAddress_FollowsItEverywhere()
    {
        var locked = await CliAsync("lock", "1.0.70.1", "--duration", "2h", "--reason", "brute force seen by hand");
        Assert.Contains("locked 1.0.70.1", locked, StringComparison.Ordinal);
        Assert.Contains("1.0.70.1", await CliAsync("blocklist", "--family", "4"), StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.70.1", await CliAsync("blocklist", "--family", "6"), StringComparison.Ordinal);

        string why = await CliAsync("why", "1.0.70.1");
        Assert.Contains("active", why, StringComparison.Ordinal);
        Assert.Contains("brute force seen by hand", why, StringComparison.Ordinal);
        Assert.Contains("manual", why, StringComparison.Ordinal);

        Assert.Contains("unlocked 1.0.70.1", await CliAsync("unlock", "1.0.70.1"), StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.70.1", await CliAsync("blocklist"), StringComparison.Ordinal);
        Assert.Contains("removed", await CliAsync("why", "1.0.70.1"), StringComparison.Ordinal);

        var again = await FleetCli.RunAsync(_fixture.Gateway, "unlock", "1.0.70.1");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no active decision", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_AllowListedAddress_RefusedNamingTheEntry()
    {
        var refused = await FleetCli.RunAsync(_fixture.Gateway, "lock", "1.0.99.5");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("our office", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamPull_Consumer_SnapshotThenOnlyChanges()
    {
        await CliAsync("lock", "1.0.71.1");
        string first = await CliAsync("stream", "pull", "cli-router");
        Assert.StartsWith("# snapshot", first, StringComparison.Ordinal);
        Assert.Contains("+ 1.0.71.1", first, StringComparison.Ordinal);

        await CliAsync("lock", "1.0.71.2");
        await CliAsync("unlock", "1.0.71.1");
        string next = await CliAsync("stream", "pull", "cli-router");
        Assert.StartsWith("# changes", next, StringComparison.Ordinal);
        Assert.Equal(["+ 1.0.71.2", "- 1.0.71.1"], next.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray());
        Assert.Contains("cli-router", await CliAsync("stream", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportSummaryAndEmail_Reports_PrintedAndMailed()
    {
        using var reporter = _fixture.Gateway.Client("cli-reporter", _fixture.ReporterPassword);
        foreach (string host in new[] { "mail1", "mail2", "mail1" })
        {
            using var response = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.72.1", jail = "postfix", host }));
            Assert.True(response.IsSuccessStatusCode);
        }

        string summary = await CliAsync("report", "summary", "--since", "1h");
        Assert.Matches(@"1\.0\.72\.1\s+3\s+2", summary);
        Assert.Matches(@"mail1\s+2\s+1", summary);

        string sent = await CliAsync("report", "email", "--since", "1h");
        Assert.Contains("ops@example.org", sent, StringComparison.Ordinal);
        string message = await _fixture.Smtp.WaitForMessageAsync("1.0.72.1");
        Assert.Contains("Most attacked servers", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Servers_AddListSetRemove_ThroughTheCli()
    {
        string added = await CliAsync("servers", "add", "cli-web", "--address", "1.0.73.1", "--max-addresses", "100", "--ban-duration", "6h");
        Assert.Contains("1.0.73.1 is allow-listed", added, StringComparison.Ordinal);
        Assert.Matches("reporter login: cli-web:\\S+", added);

        var refused = await FleetCli.RunAsync(_fixture.Gateway, "lock", "1.0.73.1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("registered server cli-web", refused.StandardError, StringComparison.Ordinal);

        Assert.Contains("report-only", await CliAsync("servers", "set", "cli-web", "--report-only", "true"), StringComparison.Ordinal);
        Assert.Matches(@"cli-web\s+1\.0\.73\.1\s+report-only\s+fleet\s+100\s+6h", await CliAsync("servers", "list"));
        await CliAsync("servers", "remove", "cli-web");
        Assert.DoesNotContain("cli-web", await CliAsync("servers", "list"), StringComparison.Ordinal);
        Assert.Contains("locked 1.0.73.1", await CliAsync("lock", "1.0.73.1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetsCheck_UnknownTarget_FailsNamingIt()
    {
        var unknown = await FleetCli.RunAsync(_fixture.Gateway, "targets", "check", "nosuch");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no configured target 'nosuch'", unknown.StandardError, StringComparison.Ordinal);
    }

    private async Task<string> CliAsync(params string[] arguments)
    {
        var result = await FleetCli.RunAsync(_fixture.Gateway, arguments);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    /// <summary>One gateway process and one SMTP server for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayProcess Gateway { get; private set; } = null!;

        public SmtpSink Smtp { get; private set; } = null!;

        public string ReporterPassword { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Smtp = await SmtpSink.StartAsync();
            Gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
            {
                ["Policy:AllowList:0:Address"] = "1.0.99.0/24",
                ["Policy:AllowList:0:Comment"] = "our office",
                ["Reports:SmtpHost"] = "127.0.0.1",
                ["Reports:SmtpPort"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Reports:SmtpSecurity"] = "none",
                ["Reports:From"] = "gateway@example.org",
                ["Reports:To:0"] = "ops@example.org",
            });
            ReporterPassword = await Gateway.CreateReporterAsync("cli-reporter");
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }
}
