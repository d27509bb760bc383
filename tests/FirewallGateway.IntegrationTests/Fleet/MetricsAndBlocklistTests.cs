using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>/metrics exports the gateway's meter and request latency; the blocklist serves what is blocked, per family.</summary>
public sealed class MetricsAndBlocklistTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();
    private HttpClient _operator = null!;
    private HttpClient _reporter = null!;

    public async Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        _reporter = await _factory.ReporterClientAsync("edge1");
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        _reporter.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_AfterReports_ExportsReportCountersActiveDecisionsAndLatency()
    {
        using (var accepted = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.40.1", jail = "sshd" })))
        {
            Assert.True(accepted.IsSuccessStatusCode);
        }

        using (var ignored = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "192.0.2.7", jail = "sshd" })))
        {
            Assert.True(ignored.IsSuccessStatusCode);
        }

        using (var rejected = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.40.1; id", jail = "sshd" })))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        string text = await Eventually.WaitForAsync(
            () => _reporter.GetStringAsync("metrics"),
            t => t.Contains("firewallgateway_firewallgateway_decisions_active", StringComparison.Ordinal) && Line(t, "firewallgateway_firewallgateway_decisions_active") is { } l && !l.EndsWith(" 0", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "active decisions in /metrics");

        Assert.Matches("firewallgateway_firewallgateway_reports\\{[^}]*receiver=\"fail2ban\"[^}]*result=\"accepted\"", text);
        Assert.Matches("firewallgateway_firewallgateway_reports\\{[^}]*reason=\"reserved", text);
        Assert.Matches("firewallgateway_firewallgateway_reports\\{(?=[^}]*receiver=\"fail2ban\")(?=[^}]*reason=\"\\w)[^}]*result=\"rejected\"[^}]*\\} [1-9]", text);
        Assert.Contains("http_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/api/v1/reports/\"", text, StringComparison.Ordinal);

        // The writer's group commits (prometheus-net's registry is shared by every gateway in this test process,
        // so only "at least the one that stored these reports" can be asserted here).
        Assert.Matches("(?m)^firewallgateway_firewallgateway_writer_commits [1-9][0-9]*$", text);
    }

    [Fact]
    public async Task Metrics_Anonymous_Refused()
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Blocklist_Family_OneEntryPerLineOfThatFamilyOnly()
    {
        foreach (string address in new[] { "1.0.41.1", "1.0.42.0/24", "2a00:1450:4001::5", "2a00:1450:4002::/64" })
        {
            using var response = await _operator.PostAsJsonAsync("api/v1/decisions", new { address, duration = "2h" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using var removed = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.41.99", duration = "2h" });
        string id = System.Text.Json.JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await _operator.DeleteAsync("api/v1/decisions/" + id)).Dispose();

        using var v4 = await _reporter.GetAsync("api/v1/blocklist?family=4");
        Assert.Equal("text/plain", v4.Content.Headers.ContentType?.MediaType);
        var v4Lines = (await v4.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("1.0.41.1", v4Lines);
        Assert.Contains("1.0.42.0/24", v4Lines);
        Assert.DoesNotContain("1.0.41.99", v4Lines);
        Assert.All(v4Lines, l => Assert.DoesNotContain(':', l));

        var v6Lines = (await _reporter.GetStringAsync("api/v1/blocklist?family=6")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("2a00:1450:4001::5", v6Lines);
        Assert.Contains("2a00:1450:4002::/64", v6Lines);
        Assert.All(v6Lines, l => Assert.Contains(':', l));

        var both = (await _reporter.GetStringAsync("api/v1/blocklist")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(v4Lines.Length + v6Lines.Length, both.Length);
    }

    [Fact]
    public async Task Blocklist_BadFamilyOrNoLogin_Refused()
    {
        using var bad = await _reporter.GetAsync("api/v1/blocklist?family=5");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var anonymous = _factory.CreateClient();
        using var refused = await anonymous.GetAsync("api/v1/blocklist");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheFleetEndpoints()
    {
        using var anonymous = _factory.CreateClient();
        string document = await anonymous.GetStringAsync("openapi/v1.json");
        Assert.Contains("/api/v1/blocklist", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/stream/{consumer}", document, StringComparison.Ordinal);
        using var paths = JsonDocument.Parse(document);
        var described = paths.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "/api/v1/decisions", "/api/v1/unlock", "/api/v1/addresses/{address}", "/api/v1/servers", "/api/v1/servers/{name}",
            "/api/v1/targets/{name}/check", "/api/v1/targets/check", "/api/v1/reports/summary", "/api/v1/reports/email",
        ];
        Assert.Equal([], expected.Except(described));
    }

    private static string? Line(string text, string name) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && !l.StartsWith('#'));
}
