using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Graylog;

/// <summary>One in-process gateway with the Graylog receiver: a Basic login, an API key and a path token configured.</summary>
public sealed class GraylogFixture : IAsyncLifetime
{
    public const string ApiKey = "k3y-for-graylog-tests-0123456789abcdefABCDEF";
    public const string PathToken = "t0ken-for-old-graylog-0123456789abcdefABCDEF";

    public GraylogFixture()
    {
        Factory = new GatewayFactory(new Dictionary<string, string>
        {
            ["Receivers:Graylog:ApiKeys:0:Name"] = "graylog-key",
            ["Receivers:Graylog:ApiKeys:0:Secret"] = ApiKey,
            ["Receivers:Graylog:PathTokens:0:Name"] = "graylog-old",
            ["Receivers:Graylog:PathTokens:0:Secret"] = PathToken,
            ["Receivers:Graylog:AllowedLogins:0"] = "graylog",
            ["Receivers:Graylog:MaxBodyBytes"] = "1048576",
        });
    }

    public GatewayFactory Factory { get; }

    public HttpClient Graylog { get; private set; } = null!;

    public HttpClient OtherReporter { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Operator = Factory.OperatorClient();
        Graylog = await Factory.ReporterClientAsync("graylog");
        OtherReporter = await Factory.ReporterClientAsync("web1");
    }

    public async Task DisposeAsync()
    {
        Graylog.Dispose();
        OtherReporter.Dispose();
        Operator.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A sample payload as shipped in samples/graylog/payloads.</summary>
    public static string Payload(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "graylog", "payloads", name));

    public static StringContent Json(string body, string mediaType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    /// <summary>Posts and returns the status with the parsed answer (null when the answer is not JSON).</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Answer)> PostAsync(HttpClient client, string path, string body, string mediaType = "application/json")
    {
        using var content = Json(body, mediaType);
        using var response = await client.PostAsync(path, content);
        string text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.Clone());
    }

    /// <summary>What the gateway stored about an address (operator API).</summary>
    public async Task<JsonElement> ExplainAsync(string address)
    {
        using var json = JsonDocument.Parse(await Operator.GetStringAsync("api/v1/addresses/" + Uri.EscapeDataString(address)));
        return json.RootElement.Clone();
    }
}
