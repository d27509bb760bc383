using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// Anonymous <c>/health</c> says which target fails but not why: the error text names hosts and ports (here the
/// router's address). An operator, authenticated, sees the error. Against the real gateway whose targets
/// cannot be reached (<see cref="SelfProtectionFixture"/>).
/// </summary>
[Collection(SelfProtectionFixture.Collection)]
public sealed class HealthExposureTests
{
    private readonly SelfProtectionFixture _fixture;

    public HealthExposureTests(SelfProtectionFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Health_TargetFailing_AnonymousSeesStateOnlyOperatorSeesError()
    {
        var detailed = await Eventually.WaitForAsync(
            () => GetJsonAsync(_fixture.Operator, "health"),
            h => h.GetProperty("targets").EnumerateArray().Any(t => t.GetProperty("name").GetString() == "edge" && t.GetProperty("state").GetString() == "failing"),
            TimeSpan.FromSeconds(60),
            $"target edge to be failing; gateway log:\n{_fixture.Gateway.Log}");
        var edge = detailed.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "edge");
        Assert.False(string.IsNullOrEmpty(edge.GetProperty("lastError").GetString()));
        Assert.Contains(detailed.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("target edge is failing: ", StringComparison.Ordinal));

        using var anonymous = _fixture.Gateway.AnonymousClient();
        using var response = await anonymous.GetAsync("health");
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SelfProtectionFixture.RouterAddress, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SelfProtectionFixture.CentralFirewallName, text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.All(json.RootElement.GetProperty("targets").EnumerateArray(), t =>
            Assert.True(!t.TryGetProperty("lastError", out var e) || e.ValueKind == JsonValueKind.Null, t.ToString()));
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString() == "target edge is failing (operators see why)");
    }

    // Every target failing makes the gateway "degraded" (503), which still carries the body.
    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
