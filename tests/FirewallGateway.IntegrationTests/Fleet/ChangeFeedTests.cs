using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>The change feed: snapshot first, then only changes, a cursor per consumer, no consumer stealing another's changes.</summary>
public sealed class ChangeFeedTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();
    private HttpClient _operator = null!;
    private HttpClient _reader = null!;

    public async Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        _reader = await _factory.ReporterClientAsync("mikrotik1");
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        _reader.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Pull_TwoConsumers_EachSeesEveryChangeExactlyOnce()
    {
        long early = await BanAsync("1.0.50.1");

        var firstA = await PullAsync("router-a");
        var firstB = await PullAsync("router-b");
        Assert.True(firstA.Snapshot);
        Assert.True(firstB.Snapshot);
        Assert.Equal(["+1.0.50.1"], firstA.Changes);
        Assert.Equal(["+1.0.50.1"], firstB.Changes);

        await BanAsync("1.0.50.2");
        await BanAsync("1.0.50.3");
        var a1 = await PullAsync("router-a");
        Assert.False(a1.Snapshot);
        Assert.Equal(["+1.0.50.2", "+1.0.50.3"], a1.Changes);

        await RemoveAsync(early);
        await BanAsync("2a00:1450:4001::50");
        var a2 = await PullAsync("router-a");
        var b1 = await PullAsync("router-b");
        Assert.Equal(["-1.0.50.1", "+2a00:1450:4001::50"], a2.Changes);
        Assert.Equal(["+1.0.50.2", "+1.0.50.3", "-1.0.50.1", "+2a00:1450:4001::50"], b1.Changes);

        Assert.Empty((await PullAsync("router-a")).Changes);
        Assert.Empty((await PullAsync("router-b")).Changes);

        // A late consumer starts from the state now, not from history.
        var late = await PullAsync("router-c");
        Assert.True(late.Snapshot);
        Assert.Equal(["+1.0.50.2", "+1.0.50.3", "+2a00:1450:4001::50"], late.Changes.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Pull_MaxAndRestart_PagesAndStartsOver()
    {
        await PullAsync("pager");
        for (int i = 1; i <= 5; i++)
        {
            await BanAsync($"1.0.51.{i}");
        }

        using var page = JsonDocument.Parse(await _reader.GetStringAsync("api/v1/stream/pager?max=2"));
        Assert.True(page.RootElement.GetProperty("more").GetBoolean());
        Assert.Equal(2, page.RootElement.GetProperty("changes").GetArrayLength());
        Assert.Equal(["+1.0.51.3", "+1.0.51.4", "+1.0.51.5"], (await PullAsync("pager")).Changes);

        var restarted = await PullAsync("pager", restart: true);
        Assert.True(restarted.Snapshot);
        Assert.Equal(5, restarted.Changes.Count(c => c.StartsWith("+1.0.51.", StringComparison.Ordinal)));

        using var consumers = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/stream"));
        Assert.Contains(consumers.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "pager");
    }

    [Fact]
    public async Task Pull_SameConsumerNameFromAnotherLogin_NeitherReadsNorAdvancesTheOwnersCursor()
    {
        using var intruder = await _factory.ReporterClientAsync("intruder");
        Assert.True((await PullAsync("edge-fw")).Snapshot);
        await BanAsync("1.0.52.1");

        // Another login asking for the same name gets a cursor of its own: a snapshot, never the owner's changes.
        var stolen = await PullAsync(intruder, "edge-fw");
        Assert.True(stolen.Snapshot);
        await PullAsync(intruder, "edge-fw", restart: true);
        await PullAsync(intruder, "edge-fw");

        // The owner's cursor did not move: the change is still there for it, exactly once.
        var owner = await PullAsync("edge-fw");
        Assert.False(owner.Snapshot);
        Assert.Equal(["+1.0.52.1"], owner.Changes);

        using var consumers = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/stream"));
        var owners = consumers.RootElement.EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == "edge-fw")
            .Select(c => c.GetProperty("owner").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["intruder", "mikrotik1"], owners);
    }

    [Fact]
    public async Task Pull_NoLoginOrBadName_Refused()
    {
        using var anonymous = _factory.CreateClient();
        using var refused = await anonymous.GetAsync("api/v1/stream/x");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var bad = await _reader.GetAsync("api/v1/stream/" + Uri.EscapeDataString("a b"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var trailingNewline = await _reader.GetAsync("api/v1/stream/" + Uri.EscapeDataString("edge\n"));
        Assert.Equal(HttpStatusCode.BadRequest, trailingNewline.StatusCode);
        using var listByReporter = await _reader.GetAsync("api/v1/stream");
        Assert.Equal(HttpStatusCode.Forbidden, listByReporter.StatusCode);
    }

    private async Task<long> BanAsync(string address)
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/decisions", new { address, duration = "2h" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }

    private async Task RemoveAsync(long id)
    {
        using var response = await _operator.DeleteAsync($"api/v1/decisions/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<(bool Snapshot, IReadOnlyList<string> Changes)> PullAsync(string consumer, bool restart = false) =>
        PullAsync(_reader, consumer, restart);

    private static async Task<(bool Snapshot, IReadOnlyList<string> Changes)> PullAsync(HttpClient client, string consumer, bool restart = false)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/stream/{consumer}?restart={(restart ? "true" : "false")}"));
        var changes = json.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("op").GetString() == "add" ? "+" : "-") + c.GetProperty("address").GetString())
            .ToList();
        return (json.RootElement.GetProperty("snapshot").GetBoolean(), changes);
    }
}
