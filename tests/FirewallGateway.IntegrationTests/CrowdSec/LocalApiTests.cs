using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// The CrowdSec local API of the gateway in-process: keys and tokens keep bouncers and watchers in their lanes,
/// the stream gives a full list then only changes per bouncer, filters apply, and alerts go through policy.
/// </summary>
public sealed class LocalApiTests : IClassFixture<LocalApiTests.Gateway>
{
    private const string MachinePassword = "machine-password-1";

    private readonly GatewayFactory _factory;
    private readonly HttpClient _operator;

    public LocalApiTests(Gateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _factory = gateway.Factory;
        _operator = gateway.Operator;
    }

    /// <summary>One gateway for the class (each test uses its own addresses and names); machine "agent1" exists.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new Dictionary<string, string>
        {
            ["Policy:AllowList:0:Address"] = "1.0.99.0/24",
            ["Policy:AllowList:0:Comment"] = "our office",
        });

        public HttpClient Operator { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Operator = Factory.OperatorClient();
            await CrowdSecGateway.AddMachineAsync(Operator, "agent1", MachinePassword);
        }

        public async Task DisposeAsync()
        {
            Operator.Dispose();
            await Factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task WrongOrMissingApiKey_Gets403()
    {
        await CrowdSecGateway.AddBouncerAsync(_operator, "b1");
        using var wrong = Bouncer("not-the-key-at-all");
        using var none = _factory.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.GetAsync(new Uri("v1/decisions/stream?startup=true", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.GetAsync(new Uri("v1/decisions?ip=1.0.1.1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await none.GetAsync(new Uri("v1/decisions/stream", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BouncerKey_CannotPostAlerts_AndNothingIsDecided()
    {
        using var bouncer = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "b2"));
        using var response = await bouncer.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody("1.0.1.61", "4h"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await CrowdSecGateway.ActiveDecisionAsync(_operator, "1.0.1.61"));
    }

    [Fact]
    public async Task WatcherToken_CannotReadTheStream()
    {
        using var watcher = await WatcherAsync();
        using var response = await watcher.GetAsync(new Uri("v1/decisions/stream?startup=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_401_RightPassword_TokenAndExpiry()
    {
        using var client = _factory.CreateClient();
        using var wrong = await client.PostAsJsonAsync("v1/watchers/login", new { machine_id = "agent1", password = "nope-nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var right = await client.PostAsJsonAsync("v1/watchers/login", new { machine_id = "agent1", password = MachinePassword, scenarios = new[] { "x" } });
        right.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await right.Content.ReadAsStringAsync());
        Assert.Equal(200, json.RootElement.GetProperty("code").GetInt32());
        Assert.True(json.RootElement.GetProperty("expire").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Equal(3, json.RootElement.GetProperty("token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task Alert_BecomesReport_ScenarioAsJail_MachineAsReporter_DurationKept()
    {
        using var watcher = await WatcherAsync();
        using var response = await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody("1.0.1.62", "2h"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var decision = await CrowdSecGateway.ActiveDecisionAsync(_operator, "1.0.1.62");
        Assert.NotNull(decision);
        Assert.Equal("crowdsecurity/ssh-bf", decision.Value.GetProperty("reason").GetString());
        Assert.Equal("agent1", decision.Value.GetProperty("createdBy").GetString());
        var left = decision.Value.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(left, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
    }

    [Theory]
    [InlineData("1.0.99.7")] // allow-listed
    [InlineData("192.0.2.7")] // documentation range
    [InlineData("127.0.0.9")] // loopback
    public async Task Alert_ForProtectedAddress_IsStoppedByPolicy(string address)
    {
        using var watcher = await WatcherAsync();
        using var response = await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody(address, "4h"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(await CrowdSecGateway.ActiveDecisionAsync(_operator, address));
    }

    [Theory]
    [InlineData("[{\"scenario\":\"s\",\"decisions\":[{\"type\":\"ban\",\"scope\":\"Ip\",\"value\":\"not-an-ip\",\"duration\":\"4h\"}]}]")]
    [InlineData("[{\"scenario\":\"s\",\"decisions\":[{\"type\":\"ban\",\"scope\":\"Ip\",\"value\":\"1.0.1.63\",\"duration\":\"four hours\"}]}]")]
    [InlineData("[{\"scenario\":\"s\",\"decisions\":[{\"type\":\"ban\",\"scope\":\"Ip\",\"value\":\"1.0.1.0/24\",\"duration\":\"4h\"}]}]")]
    [InlineData("{\"not\":\"an array\"}")]
    [InlineData("[{\"scenario\":")]
    public async Task MalformedAlerts_Get400_AndChangeNothing(string body)
    {
        using var watcher = await WatcherAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("message", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await CrowdSecGateway.ActiveDecisionAsync(_operator, "1.0.1.63"));
    }

    [Fact]
    public async Task AgentStyleAlert_WithoutDecisions_BansItsSource()
    {
        using var watcher = await WatcherAsync();
        const string body = "[{\"scenario\":\"crowdsecurity/ssh-bf\",\"remediation\":true,\"decisions\":null,\"events_count\":6," +
            "\"source\":{\"scope\":\"Ip\",\"value\":\"1.0.1.64\",\"ip\":\"1.0.1.64\"},\"message\":\"Ip 1.0.1.64 performed ssh-bf\"}]";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(await CrowdSecGateway.ActiveDecisionAsync(_operator, "1.0.1.64"));
    }

    [Fact]
    public async Task DeletedMachine_TokenStopsWorking()
    {
        await CrowdSecGateway.AddMachineAsync(_operator, "agent-gone", MachinePassword);
        using var watcher = await WatcherAsync("agent-gone");
        Assert.Equal(HttpStatusCode.OK, (await watcher.GetAsync(new Uri("v1/heartbeat", UriKind.Relative))).StatusCode);

        (await _operator.DeleteAsync(new Uri("api/v1/crowdsec/machines/agent-gone", UriKind.Relative))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await watcher.GetAsync(new Uri("v1/heartbeat", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Stream_FullListFirst_ThenOnlyChangesOfThatBouncer()
    {
        long first = await CrowdSecGateway.BanAsync(_operator, "1.0.1.71");
        using var a = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "stream-a"));
        using var b = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "stream-b"));

        var startup = await StreamAsync(a, "startup=true");
        Assert.Contains("1.0.1.71", startup.New);
        Assert.Equal(0, (await CrowdSecGateway.TargetAsync(_operator, "stream-a"))!.Value.GetProperty("pending").GetInt32());

        await CrowdSecGateway.BanAsync(_operator, "1.0.1.72");
        await CrowdSecGateway.RemoveAsync(_operator, first);
        Assert.Equal(2, (await CrowdSecGateway.TargetAsync(_operator, "stream-a"))!.Value.GetProperty("pending").GetInt32());
        var next = await StreamAsync(a, string.Empty);
        Assert.Equal(["1.0.1.72"], next.New);
        Assert.Equal(["1.0.1.71"], next.Deleted);
        var again = await StreamAsync(a, string.Empty);
        Assert.Empty(again.New);
        Assert.Empty(again.Deleted);

        // b never pulled: its first pull is the full list whatever it asks, and a's pulls took nothing from it.
        var bFirst = await StreamAsync(b, string.Empty);
        Assert.Contains("1.0.1.72", bFirst.New);
        Assert.DoesNotContain("1.0.1.71", bFirst.New);

        using var bouncers = JsonDocument.Parse(await _operator.GetStringAsync(new Uri("api/v1/crowdsec/bouncers", UriKind.Relative)));
        Assert.All(
            bouncers.RootElement.EnumerateArray().Where(x => x.GetProperty("name").GetString()!.StartsWith("stream-", StringComparison.Ordinal)),
            x => Assert.NotEqual(JsonValueKind.Null, x.GetProperty("lastPullAt").ValueKind));
    }

    [Fact]
    public async Task Stream_DecisionExtendedByRepeatAlert_IsInDeletedAndInNewAgainWithItsLongerDuration()
    {
        using var watcher = await WatcherAsync();
        (await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody("1.0.1.74", "1h"))).EnsureSuccessStatusCode();
        using var bouncer = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "extended"));
        Assert.StartsWith("59m", (await StreamedDurationAsync(bouncer, "startup=true", "1.0.1.74")).Duration, StringComparison.Ordinal);

        // The same attacker again, with a longer ban: the gateway merges it into the same decision, and the
        // bouncer must learn the new end, or its nft element times out after the first hour.
        // It comes in `deleted` too: the firewall bouncer skips a `new` address already in its set, and applies
        // deletions first, so it drops the element and adds it back with the new timeout.
        (await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody("1.0.1.74", "4h"))).EnsureSuccessStatusCode();
        var (duration, deleted) = await StreamedDurationAsync(bouncer, string.Empty, "1.0.1.74");
        Assert.StartsWith("3h5", duration, StringComparison.Ordinal);
        Assert.Equal(["1.0.1.74"], deleted);
        Assert.Empty((await StreamAsync(bouncer, string.Empty)).New);
    }

    [Fact]
    public async Task Stream_Filters_ScopesOriginsScenarios()
    {
        await CrowdSecGateway.BanAsync(_operator, "1.0.1.81");
        await CrowdSecGateway.BanAsync(_operator, "1.0.82.0/24");
        using (var watcher = await WatcherAsync())
        {
            (await watcher.PostAsync(new Uri("v1/alerts", UriKind.Relative), AlertBody("1.0.1.83", "1h"))).EnsureSuccessStatusCode();
        }

        using var bouncer = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "filtered"));
        var ips = (await StreamAsync(bouncer, "startup=true&scopes=ip")).New;
        Assert.Contains("1.0.1.81", ips);
        Assert.DoesNotContain("1.0.82.0/24", ips);
        var ranges = (await StreamAsync(bouncer, "startup=true&scopes=Range")).New;
        Assert.Contains("1.0.82.0/24", ranges);
        Assert.DoesNotContain("1.0.1.81", ranges);
        var fromAgents = (await StreamAsync(bouncer, "startup=true&origins=crowdsec")).New;
        Assert.Contains("1.0.1.83", fromAgents);
        Assert.DoesNotContain("1.0.1.81", fromAgents);
        var operatorBans = (await StreamAsync(bouncer, "startup=true&origins=cscli,fail2ban")).New;
        Assert.Contains("1.0.1.81", operatorBans);
        Assert.DoesNotContain("1.0.1.83", operatorBans);
        var ssh = (await StreamAsync(bouncer, "startup=true&scenarios_containing=ssh-bf")).New;
        Assert.Contains("1.0.1.83", ssh);
        Assert.DoesNotContain("1.0.1.81", ssh);
        var notSsh = (await StreamAsync(bouncer, "startup=true&scenarios_not_containing=ssh")).New;
        Assert.DoesNotContain("1.0.1.83", notSsh);
        Assert.Contains("1.0.1.81", notSsh);
    }

    [Fact]
    public async Task Decisions_ByIpOrRange_CoveringDecisions_OrNull()
    {
        await CrowdSecGateway.BanAsync(_operator, "1.0.91.0/24");
        using var bouncer = Bouncer(await CrowdSecGateway.AddBouncerAsync(_operator, "query"));

        string covered = await bouncer.GetStringAsync(new Uri("v1/decisions?ip=1.0.91.5", UriKind.Relative));
        Assert.Contains("\"value\":\"1.0.91.0/24\"", covered, StringComparison.Ordinal);
        Assert.Contains("\"scope\":\"Range\"", covered, StringComparison.Ordinal);
        Assert.Equal("null", await bouncer.GetStringAsync(new Uri("v1/decisions?ip=1.0.92.5", UriKind.Relative)));
        Assert.Contains("1.0.91.0/24", await bouncer.GetStringAsync(new Uri("v1/decisions?range=1.0.0.0/16&contains=false", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await bouncer.GetAsync(new Uri("v1/decisions?ip=1.0.91.0/24", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BouncerNames_AreUnique_AndBadInputIsRefused()
    {
        await CrowdSecGateway.AddBouncerAsync(_operator, "dup");
        Assert.Equal(HttpStatusCode.Conflict, (await _operator.PostAsJsonAsync("api/v1/crowdsec/bouncers", new { name = "dup" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _operator.PostAsJsonAsync("api/v1/crowdsec/bouncers", new { name = "bad name;rm" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _operator.PostAsJsonAsync("api/v1/crowdsec/bouncers", new { name = "short", key = "abc" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _operator.PostAsJsonAsync("api/v1/crowdsec/machines", new { machineId = "m", password = "short" })).StatusCode);
        using var reporter = await _factory.ReporterClientAsync("rep1");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(new Uri("api/v1/crowdsec/bouncers", UriKind.Relative))).StatusCode);
    }

    private HttpClient Bouncer(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<HttpClient> WatcherAsync(string machineId = "agent1")
    {
        var client = _factory.CreateClient();
        using var login = await client.PostAsJsonAsync("v1/watchers/login", new { machine_id = machineId, password = MachinePassword });
        login.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("token").GetString());
        return client;
    }

    private static StringContent AlertBody(string address, string duration) => new(
        "[{\"scenario\":\"crowdsecurity/ssh-bf\",\"remediation\":true,\"simulated\":false,\"events_count\":6,\"message\":\"test\"," +
        $"\"source\":{{\"scope\":\"Ip\",\"value\":\"{address}\"}}," +
        $"\"decisions\":[{{\"type\":\"ban\",\"scope\":\"Ip\",\"value\":\"{address}\",\"duration\":\"{duration}\",\"origin\":\"crowdsec\",\"scenario\":\"crowdsecurity/ssh-bf\"}}]}}]",
        Encoding.UTF8,
        "application/json");

    // The duration `new` gives the address, and every value in `deleted`.
    private static async Task<(string Duration, List<string> Deleted)> StreamedDurationAsync(HttpClient bouncer, string query, string address)
    {
        using var json = JsonDocument.Parse(await bouncer.GetStringAsync(new Uri("v1/decisions/stream?" + query, UriKind.Relative)));
        var decision = Assert.Single(json.RootElement.GetProperty("new").EnumerateArray(), d => d.GetProperty("value").GetString() == address);
        var deleted = json.RootElement.GetProperty("deleted");
        return (decision.GetProperty("duration").GetString()!,
            deleted.ValueKind == JsonValueKind.Array ? [.. deleted.EnumerateArray().Select(d => d.GetProperty("value").GetString()!)] : []);
    }

    private static async Task<(List<string> New, List<string> Deleted)> StreamAsync(HttpClient bouncer, string query)
    {
        using var json = JsonDocument.Parse(await bouncer.GetStringAsync(new Uri("v1/decisions/stream?" + query, UriKind.Relative)));
        static List<string> Values(JsonElement list) => [.. list.EnumerateArray().Select(d => d.GetProperty("value").GetString()!)];
        return (Values(json.RootElement.GetProperty("new")), Values(json.RootElement.GetProperty("deleted")));
    }
}
