using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FirewallGateway.IntegrationTests.Api;

/// <summary>
/// The API endpoints added for the dashboard, called as any API client would (Basic): allow-list entries switched
/// on and off, reports per minute, and the server-sent stream of new decisions. Same gateway set-up as the rest of
/// this class (a configured allow-list entry, an operator and a reporter login).
/// </summary>
public sealed partial class DecisionsApiTests
{
    [Fact]
    public async Task AllowListPatch_InactiveEntryActivated_LiftsTheDecisionItCovers()
    {
        long id = await AddEntryAsync("1.0.120.0/24", active: false);
        await ReportAsync("1.0.120.5");
        Assert.Contains("1.0.120.5", await ActiveAsync());

        using var activated = await PatchAsync(id, new { active = true });

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        using var json = JsonDocument.Parse(await activated.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("entry").GetProperty("active").GetBoolean());
        Assert.Equal(id, json.RootElement.GetProperty("entry").GetProperty("id").GetInt64());
        Assert.Equal("1.0.120.5", json.RootElement.GetProperty("unbanned")[0].GetProperty("address").GetString());
        Assert.DoesNotContain("1.0.120.5", await ActiveAsync());
    }

    [Fact]
    public async Task AllowListPatch_ActiveEntryDeactivated_AddressCanBeBannedAgain()
    {
        long id = await AddEntryAsync("1.0.121.0/24", active: true);
        using (var refused = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.121.7" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using var deactivated = await PatchAsync(id, new { active = false });

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        using var locked = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.121.7" });
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
    }

    [Fact]
    public async Task AllowListPatch_ConfigurationServerMissingOrUnknown_RefusedWithReason()
    {
        using (var server = await _operator.PostAsJsonAsync("api/v1/servers", new { name = "web3", address = "1.0.5.3" }))
        {
            Assert.Equal(HttpStatusCode.Created, server.StatusCode);
        }

        using var entries = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/allowlist"));
        long serverEntry = entries.RootElement.EnumerateArray().Single(e => e.GetProperty("address").GetString() == "1.0.5.3").GetProperty("id").GetInt64();
        long configEntry = entries.RootElement.EnumerateArray().Single(e => e.GetProperty("address").GetString() == "1.0.99.0/24").GetProperty("id").GetInt64();

        using var ofServer = await PatchAsync(serverEntry, new { active = false });
        using var ofConfig = await PatchAsync(configEntry, new { active = false });
        using var noState = await PatchAsync(serverEntry, new { });
        using var unknown = await PatchAsync(9999, new { active = true });

        Assert.Equal(HttpStatusCode.Conflict, ofServer.StatusCode);
        Assert.Contains("change the server instead", await ofServer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, ofConfig.StatusCode);
        Assert.Contains("Policy:AllowList", await ofConfig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noState.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ReportRate_ThreeReports_CountedInTheLastMinutesOperatorLocksNot()
    {
        await ReportAsync("1.0.122.1");
        await ReportAsync("1.0.122.2");
        await ReportAsync("1.0.122.3");
        using (var locked = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.122.9" }))
        {
            Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        }

        using var json = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/reports/rate?minutes=5"));

        var minutes = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(5, minutes.Count);
        Assert.Equal(3, minutes.Sum(m => m.GetProperty("reports").GetInt64()));
        var starts = minutes.Select(m => m.GetProperty("minute").GetDateTimeOffset()).ToList();
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second - pair.First));
        Assert.All(starts, start => Assert.Equal(0, start.Second));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("181")]
    public async Task ReportRate_MinutesOutOfRange_400(string minutes)
    {
        using var response = await _operator.GetAsync(new Uri($"api/v1/reports/rate?minutes={minutes}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("minutes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionFeed_ReadyAtOnceThenEachNewDecision()
    {
        await ReportAsync("1.0.123.1"); // before connecting: not sent
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/decisions/feed");
        using var response = await _operator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Equal("event: ready", await reader.ReadLineAsync(timeout.Token));
        await ReportAsync("1.0.123.2");

        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.StartsWith("data: {\"id\"", StringComparison.Ordinal));

        Assert.NotNull(line);
        Assert.Contains("\"address\":\"1.0.123.2\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardEndpoints_ReporterLogin_Forbidden()
    {
        using var rate = await _reporter.GetAsync(new Uri("api/v1/reports/rate", UriKind.Relative));
        using var feed = await _reporter.GetAsync(new Uri("api/v1/decisions/feed", UriKind.Relative));
        using var patch = await _reporter.PatchAsJsonAsync("api/v1/allowlist/1", new { active = false });

        Assert.Equal(HttpStatusCode.Forbidden, rate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, feed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
    }

    private async Task<long> AddEntryAsync(string address, bool active)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/allowlist", new { address, comment = "test", active });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("entry").GetProperty("id").GetInt64();
    }

    private Task<HttpResponseMessage> PatchAsync(long id, object body) => _operator.PatchAsJsonAsync($"api/v1/allowlist/{id}", body);

    private async Task ReportAsync(string address)
    {
        using var response = await _reporter.PostAsync("api/v1/reports", new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = address, ["jail"] = "sshd" }));
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode}");
    }

    private async Task<string> ActiveAsync() => await _operator.GetStringAsync("api/v1/decisions?limit=1000");
}
