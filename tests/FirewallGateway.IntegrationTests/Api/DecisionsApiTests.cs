using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Api;

/// <summary>Operators list, add and remove decisions and manage the allow-list through the HTTP API.</summary>
public sealed partial class DecisionsApiTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new(new Dictionary<string, string>
    {
        ["Policy:AllowList:0:Address"] = "1.0.99.0/24",
        ["Policy:AllowList:0:Comment"] = "our office",
    });

    private HttpClient _operator = null!;
    private HttpClient _reporter = null!;

    public async Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        _reporter = await _factory.ReporterClientAsync("web1");
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        _reporter.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("1.0.5.1", "1.0.5.1")]
    [InlineData("::ffff:1.0.5.2", "1.0.5.2")]
    [InlineData("1.0.6.77/24", "1.0.6.0/24")]
    [InlineData("2a00:1450:4001::1", "2a00:1450:4001::1")]
    [InlineData("2a00:1450:4002::9/64", "2a00:1450:4002::/64")]
    public async Task ManualBan_PublicAddressOrRange_CreatesCanonicalDecision(string input, string canonical)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = input, duration = "2h", reason = "test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(canonical, json.RootElement.GetProperty("address").GetString());
        Assert.Equal("operator", json.RootElement.GetProperty("origin").GetString());
    }

    [Theory]
    [InlineData("1.0.99.5", "our office")]
    [InlineData("1.0.0.0/16", "1.0.99.0/24")]
    [InlineData("192.0.2.10", "192.0.2.0/24")]
    [InlineData("2001:db8::1", "2001:db8::/32")]
    [InlineData("10.1.2.3", "10.0.0.0/8")]
    public async Task ManualBan_ProtectedAddress_RefusedNamingTheEntry(string address, string named)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/decisions", new { address });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_RepeatedForOneAddress_MergeIntoOneDecision()
    {
        for (int i = 0; i < 3; i++)
        {
            using var r = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.8.8", jail = "sshd" }));
            Assert.True(r.IsSuccessStatusCode);
        }

        using var json = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/decisions?address=1.0.8.8"));
        var decision = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(3, decision.GetProperty("reportCount").GetInt32());
    }

    [Fact]
    public async Task RemoveDecision_Active_EndsItAndWhyShowsTheHistory()
    {
        using var created = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.8.9", jail = "sshd", host = "web1.example", matches = "Failed password for root" }));
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        long id = createdJson.RootElement.GetProperty("decision").GetProperty("id").GetInt64();

        using var removed = await _operator.DeleteAsync($"api/v1/decisions/{id}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using var again = await _operator.DeleteAsync($"api/v1/decisions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        using var why = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/addresses/1.0.8.9"));
        Assert.Equal("removed", why.RootElement.GetProperty("decision").GetProperty("state").GetString());
        var report = Assert.Single(why.RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal("web1", report.GetProperty("reporter").GetString());
        Assert.Equal("web1.example", report.GetProperty("host").GetString());
        Assert.Equal("sshd", report.GetProperty("rule").GetString());
        Assert.Equal("Failed password for root", report.GetProperty("evidence").GetString());
    }

    [Fact]
    public async Task AllowListAdd_CoveringActiveDecision_LiftsItAndRefusesNewReports()
    {
        (await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.12.3" }))).Dispose();
        using var added = await _operator.PostAsJsonAsync("api/v1/allowlist", new { address = "1.0.12.0/28", comment = "partner" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var addedJson = JsonDocument.Parse(await added.Content.ReadAsStringAsync());
        Assert.Equal("1.0.12.3", Assert.Single(addedJson.RootElement.GetProperty("unbanned").EnumerateArray()).GetProperty("address").GetString());

        using var again = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.12.3" }));
        using var againJson = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("ignored", againJson.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("partner", againJson.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Just outside the entry is still banned.
        using var outside = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.12.16" }));
        Assert.Equal(HttpStatusCode.Created, outside.StatusCode);

        long id = addedJson.RootElement.GetProperty("entry").GetProperty("id").GetInt64();
        using var removed = await _operator.DeleteAsync($"api/v1/allowlist/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var afterRemoval = await _reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.12.3" }));
        Assert.Equal(HttpStatusCode.Created, afterRemoval.StatusCode);
    }

    [Fact]
    public async Task AllowListRemove_ConfiguredEntry_Refused()
    {
        using var list = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/allowlist"));
        long id = list.RootElement.EnumerateArray().First(e => e.GetProperty("source").GetString() == "config").GetProperty("id").GetInt64();
        using var response = await _operator.DeleteAsync($"api/v1/allowlist/{id}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Health_NoTargetConfigured_IsWarningNeverOk()
    {
        using var anonymous = _factory.CreateClient();
        using var json = JsonDocument.Parse(await anonymous.GetStringAsync("health"));
        Assert.Equal("warning", json.RootElement.GetProperty("status").GetString());
        Assert.Contains(
            json.RootElement.GetProperty("warnings").EnumerateArray(),
            w => w.GetString()!.Contains("no enforcing target", StringComparison.Ordinal));
    }
}
