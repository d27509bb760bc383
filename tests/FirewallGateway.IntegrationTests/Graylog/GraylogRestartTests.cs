using System.Net;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Graylog;

/// <summary>The real gateway process: a notification retried after a restart (even a kill -9) still counts once.</summary>
public sealed class GraylogRestartTests
{
    [Fact]
    public async Task Post_SameEventAfterKillAndRestart_CountsOnce()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:Graylog:ApiKeys:0:Name"] = "graylog-key",
            ["Receivers:Graylog:ApiKeys:0:Secret"] = GraylogFixture.ApiKey,
        });
        string body = GraylogSamplePayloadTests.PublicEvent("01J0F7Q2W8XKQ4V3M5N6P7REST", "1.0.80.1");

        var (firstStatus, first) = await PostAsync(gateway, body);

        // Acknowledged means committed: a crash right after the answer loses nothing and forgets no key.
        await gateway.KillAsync();
        await gateway.StartAsync();
        var (secondStatus, second) = await PostAsync(gateway, body);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(["1.0.80.1:created"], GraylogSamplePayloadTests.Accepted(first));
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal(["1.0.80.1:duplicate"], GraylogSamplePayloadTests.Ignored(second));
        using var client = gateway.OperatorClient();
        using var explained = JsonDocument.Parse(await client.GetStringAsync("api/v1/addresses/1.0.80.1"));
        Assert.Single(explained.RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal(1, explained.RootElement.GetProperty("decision").GetProperty("reportCount").GetInt32());
    }

    private static async Task<(HttpStatusCode, JsonElement)> PostAsync(GatewayProcess gateway, string body)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", GraylogFixture.ApiKey);
        return await GraylogFixture.PostAsync(client, "api/v1/graylog/events", body);
    }
}
