using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>The server registry: login, automatic allow-list entry that only goes with the server, settings, removal.</summary>
public sealed class ServersApiTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();
    private HttpClient _operator = null!;

    public Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Register_Server_GetsLoginAndProtectedAllowListEntryRemovedWithIt()
    {
        // An address already banned is unbanned when its server registers.
        using (var ban = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.90.10", duration = "2h" }))
        {
            Assert.Equal(HttpStatusCode.Created, ban.StatusCode);
        }

        using var created = await _operator.PostAsJsonAsync(
            "api/v1/servers", new { name = "web1", address = "1.0.90.10", maxAddresses = 500, banDuration = "4h", scope = "group", group = "eu" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var server = json.RootElement.GetProperty("server");
        Assert.Equal("4h", server.GetProperty("banDuration").GetString());
        Assert.Equal(500, server.GetProperty("maxAddresses").GetInt32());
        Assert.Equal("eu", server.GetProperty("group").GetString());
        Assert.True(server.GetProperty("active").GetBoolean());
        long entryId = server.GetProperty("allowListId").GetInt64();
        string password = json.RootElement.GetProperty("password").GetString()!;

        Assert.Empty(JsonDocument.Parse(await _operator.GetStringAsync("api/v1/decisions?address=1.0.90.10")).RootElement.EnumerateArray());

        // Its login reports.
        using (var reporter = _factory.ClientFor("web1", password))
        using (var report = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.91.1", jail = "sshd" })))
        {
            Assert.True(report.IsSuccessStatusCode);
        }

        // Its entry is marked as the registry's, protects the address, and cannot be removed by hand.
        using var list = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/allowlist"));
        var entry = Assert.Single(list.RootElement.EnumerateArray(), e => e.GetProperty("id").GetInt64() == entryId);
        Assert.Equal("server:web1", entry.GetProperty("source").GetString());
        using (var locked = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.90.10" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
            Assert.Contains("registered server web1", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var byHand = await _operator.DeleteAsync($"api/v1/allowlist/{entryId}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, byHand.StatusCode);
        }

        // Removal takes the login and the entry with it.
        using (var removed = await _operator.DeleteAsync("api/v1/servers/web1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.DoesNotContain(
            JsonDocument.Parse(await _operator.GetStringAsync("api/v1/allowlist")).RootElement.EnumerateArray(),
            e => e.GetProperty("id").GetInt64() == entryId);
        using (var reporter = _factory.ClientFor("web1", password))
        using (var refused = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.91.2", jail = "sshd" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var nowBannable = await _operator.PostAsJsonAsync("api/v1/decisions", new { address = "1.0.90.10" }))
        {
            Assert.Equal(HttpStatusCode.Created, nowBannable.StatusCode);
        }
    }

    [Fact]
    public async Task Update_ReportOnlyAndNewAddress_ReplacesTheAllowListEntry()
    {
        using var created = await _operator.PostAsJsonAsync("api/v1/servers", new { name = "honeypot", address = "1.0.92.1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        long oldEntry = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("server").GetProperty("allowListId").GetInt64();

        using var patched = await _operator.PatchAsJsonAsync("api/v1/servers/honeypot", new { active = false, address = "1.0.92.2" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        using var json = JsonDocument.Parse(await patched.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("1.0.92.2", json.RootElement.GetProperty("address").GetString());

        var entries = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/allowlist")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("source").GetString() == "server:honeypot").ToList();
        var entry = Assert.Single(entries);
        Assert.NotEqual(oldEntry, entry.GetProperty("id").GetInt64());
        Assert.Equal("1.0.92.2", entry.GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"a b\",\"address\":\"1.0.93.1\"}", "name")]
    [InlineData("{\"name\":\"x1\"}", "address")]
    [InlineData("{\"name\":\"x2\",\"address\":\"1.0.93.2\",\"scope\":\"group\"}", "group")]
    [InlineData("{\"name\":\"x3\",\"address\":\"1.0.93.3\",\"scope\":\"planet\"}", "scope")]
    [InlineData("{\"name\":\"x4\",\"address\":\"1.0.93.4\",\"banDuration\":\"soon\"}", "banDuration")]
    public async Task Register_BadField_RefusedNamingIt(string body, string field)
    {
        using var response = await _operator.PostAsync("api/v1/servers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Register_TakenName_Conflict()
    {
        using (var first = await _operator.PostAsJsonAsync("api/v1/servers", new { name = "dup", address = "1.0.94.1" }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await _operator.PostAsJsonAsync("api/v1/servers", new { name = "dup", address = "1.0.94.2" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }
}
