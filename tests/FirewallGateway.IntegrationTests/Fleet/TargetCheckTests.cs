using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// On-demand target check, the "why" view's per-target states and the dispatch metrics, against real
/// <c>routeros</c> targets (API emulators on loopback): one healthy, one refusing the login, one not listening.
/// </summary>
public sealed class TargetCheckTests : IAsyncLifetime
{
    private readonly RouterOsEmulator _edge = new();
    private readonly RouterOsEmulator _branch = new();
    private readonly int _closedPort = Loopback.FreeTcpPort();
    private GatewayFactory _factory = null!;
    private HttpClient _operator = null!;

    public async Task InitializeAsync()
    {
        await _edge.StartAsync();
        await _branch.StartAsync();
        _branch.Password = "changed-on-the-router";
        var settings = new Dictionary<string, string>
        {
            ["Dispatch:ReconcileInterval"] = "00:00:02",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.100",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.500",
            ["Dispatch:PollInterval"] = "00:00:01",
        };
        Target(settings, "edge", _edge.Port);
        Target(settings, "branch", _branch.Port);
        Target(settings, "gone", _closedPort);
        _factory = new GatewayFactory(settings);
        _operator = _factory.OperatorClient();
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _factory.DisposeAsync();
        await _edge.DisposeAsync();
        await _branch.DisposeAsync();
    }

    [Fact]
    public async Task Check_EachTarget_SaysWhatWorksShowsTheErrorAndRecordsLastContact()
    {
        using var edge = JsonDocument.Parse(await PostAsync("api/v1/targets/edge/check"));
        Assert.True(edge.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Contains("IPv4 list 'Blocked address' has 0 entries", edge.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var branch = JsonDocument.Parse(await PostAsync("api/v1/targets/branch/check"));
        Assert.True(branch.RootElement.GetProperty("reachable").GetBoolean());
        Assert.False(branch.RootElement.GetProperty("authenticated").GetBoolean());
        Assert.Contains("invalid user name or password", branch.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var gone = JsonDocument.Parse(await PostAsync("api/v1/targets/gone/check"));
        Assert.False(gone.RootElement.GetProperty("reachable").GetBoolean());
        Assert.Contains("refused", gone.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        using var targets = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/targets"));
        var byName = targets.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.NotEqual(JsonValueKind.Null, byName["edge"].GetProperty("lastSuccessAt").ValueKind);
        Assert.Contains("refused", byName["gone"].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("invalid user name or password", byName["branch"].GetProperty("lastError").GetString(), StringComparison.Ordinal);

        using var all = JsonDocument.Parse(await PostAsync("api/v1/targets/check"));
        Assert.Equal(["branch", "edge", "gone"], all.RootElement.EnumerateArray().Select(c => c.GetProperty("target").GetString()!).Order(StringComparer.Ordinal).ToArray());

        using var unknown = await _operator.PostAsync("api/v1/targets/nosuch/check", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Why_BanOnHealthyAndBrokenTargets_ShowsDecisionExpiryAndEachTargetsStateWithError()
    {
        using (var ban = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.80.1", duration = "3h", reason = "why test" }))
        {
            Assert.Equal(HttpStatusCode.Created, ban.StatusCode);
        }

        var view = await Eventually.WaitForAsync(
            async () => JsonDocument.Parse(await _operator.GetStringAsync("api/v1/addresses/1.0.80.1")).RootElement.Clone(),
            v => States(v).Count == 3 && States(v)["edge"].State == "applied" && States(v)["branch"].State == "failed" && States(v)["gone"].State == "failed",
            TimeSpan.FromSeconds(30),
            "applied on edge, failed on branch and gone");
        Assert.Equal("active", view.GetProperty("decision").GetProperty("state").GetString());
        Assert.True(view.GetProperty("decision").GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal("why test", Assert.Single(view.GetProperty("reports").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Contains("invalid user name or password", States(view)["branch"].Error, StringComparison.Ordinal);
        Assert.Contains("refused", States(view)["gone"].Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(_edge.Entries(), e => e.Address == "1.0.80.1");
    }

    [Fact]
    public async Task Why_Fail2banReport_ShowsWhoWhenJailAndEvidence()
    {
        string password = await CreateReporterAsync("web7");
        using var reporter = _factory.ClientFor("web7", password);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ip"] = "1.0.82.1", ["jail"] = "sshd", ["host"] = "web7.example.org", ["protocol"] = "tcp", ["port"] = "22",
            ["failures"] = "5", ["matches"] = "Failed password for root from 1.0.82.1 port 4242 ssh2",
        }))
        using (var report = await reporter.PostAsync("api/v1/reports", form))
        {
            Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        }

        using var view = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/addresses/1.0.82.1"));
        var stored = Assert.Single(view.RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal("web7", stored.GetProperty("reporter").GetString());
        Assert.Equal("web7.example.org", stored.GetProperty("host").GetString());
        Assert.Equal("sshd", stored.GetProperty("rule").GetString());
        Assert.Equal("Failed password for root from 1.0.82.1 port 4242 ssh2", stored.GetProperty("evidence").GetString());
        Assert.True(stored.GetProperty("observedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(view.RootElement.GetProperty("decision").GetProperty("id").GetInt64(), stored.GetProperty("decisionId").GetInt64());
    }

    [Fact]
    public async Task Metrics_BrokenTargetsAndDrift_ExportDepthFailuresAndDriftPerTarget()
    {
        _edge.AddEntry("Blocked address", "1.0.81.9", TimeSpan.FromHours(1), "fgw:decision:424242"); // the gateway's, wanted by nobody
        using (var ban = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.81.1", duration = "3h" }))
        {
            Assert.Equal(HttpStatusCode.Created, ban.StatusCode);
        }

        string[] expected =
        [
            "firewallgateway_firewallgateway_dispatch_failures\\{target=\"gone\"\\} [1-9]",
            "firewallgateway_firewallgateway_dispatch_failures\\{target=\"branch\"\\} [1-9]",
            "firewallgateway_firewallgateway_reconcile_drift\\{kind=\"stale\",target=\"edge\"\\} [1-9]",
            "firewallgateway_firewallgateway_outbox_depth\\{target=\"gone\"\\} [1-9]",
            "firewallgateway_firewallgateway_dispatch_changes\\{kind=\"ban\",result=\"confirmed\",target=\"edge\"\\} [1-9]",
        ];

        // Counters move while the broken targets keep failing: wait until every figure is in, then check them.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                string text = await _operator.GetStringAsync("metrics");
                return expected.All(pattern => Regex.IsMatch(text, pattern));
            },
            TimeSpan.FromSeconds(30),
            "failures, drift, depth and confirmed bans per target in /metrics");
    }

    private static Dictionary<string, (string State, string? Error)> States(JsonElement view) =>
        view.GetProperty("targets").EnumerateArray().ToDictionary(
            t => t.GetProperty("target").GetString()!,
            t => (t.GetProperty("state").GetString()!, t.TryGetProperty("error", out var e) ? e.GetString() : null));

    private static void Target(Dictionary<string, string> settings, string name, int port)
    {
        settings[$"Targets:{name}:Kind"] = "routeros";
        settings[$"Targets:{name}:Tls"] = "false"; // the emulator speaks plain API here
        settings[$"Targets:{name}:Host"] = "127.0.0.1";
        settings[$"Targets:{name}:Port"] = port.ToString(CultureInfo.InvariantCulture);
        settings[$"Targets:{name}:User"] = "gateway";
        settings[$"Targets:{name}:Password"] = "router-secret";
        settings[$"Targets:{name}:ConnectTimeout"] = "00:00:02";
    }

    private async Task<string> CreateReporterAsync(string name)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/credentials", new { name, role = "reporter" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("password").GetString()!;
    }

    private async Task<string> PostAsync(string path)
    {
        using var response = await _operator.PostAsync(path, null);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }
}
