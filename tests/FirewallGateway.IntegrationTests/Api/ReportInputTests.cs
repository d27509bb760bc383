using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Api;

/// <summary>Bad input to the fail2ban receiver gets a clear 4xx with a JSON reason, and nothing else is lost.</summary>
public sealed class ReportInputTests : IClassFixture<ReportInputTests.Fixture>
{
    private readonly Fixture _fixture;

    public ReportInputTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string, string, HttpStatusCode, string?> BadRequests => new()
    {
        { "application/json", "{\"ip\": \"1.0.1.9\"", HttpStatusCode.BadRequest, null },
        { "application/json", "not json at all", HttpStatusCode.BadRequest, null },
        { "application/json", "[\"1.0.1.9\"]", HttpStatusCode.BadRequest, null },
        { "application/json", "{\"jail\":\"sshd\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"1.2.3.4; rm -rf /\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"1.2.3.4\\n\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"fe80::1%eth0\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"2a00:1450::1%25eth0\"}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":{\"nested\":1}}", HttpStatusCode.BadRequest, "ip" },
        { "application/json", "{\"ip\":\"\\uD800\"}", HttpStatusCode.BadRequest, null },
        { "application/json", "{\"\\uDC00\":\"1.0.1.9\"}", HttpStatusCode.BadRequest, null },
        { "application/json", "{\"ip\":\"1.0.1.9\",\"jail\":\"sshd; reboot\"}", HttpStatusCode.BadRequest, "jail" },
        { "application/json", "{\"ip\":\"1.0.1.9\",\"bantime\":\"forever\"}", HttpStatusCode.BadRequest, "bantime" },
        { "application/json", "{\"ip\":\"1.0.1.9\",\"failures\":-3}", HttpStatusCode.BadRequest, "failures" },
        { "application/x-www-form-urlencoded", "ip=1.2.3.4%3B%20id", HttpStatusCode.BadRequest, "ip" },
        { "application/x-www-form-urlencoded", "ip=1.0.1.9&ip=1.0.1.10", HttpStatusCode.BadRequest, "ip" },
        { "text/plain", "ip=1.0.1.9", HttpStatusCode.UnsupportedMediaType, null },
        { "application/xml", "<ip>1.0.1.9</ip>", HttpStatusCode.UnsupportedMediaType, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostReport_BadInput_AnswersClear4xxWithReason(string contentType, string body, HttpStatusCode expected, string? field)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _fixture.Reporter.PostAsync("api/v1/reports", content);

        Assert.Equal(expected, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task PostReport_OversizeBody_Answers413()
    {
        using var content = new StringContent("{\"ip\":\"1.0.1.9\",\"matches\":\"" + new string('x', 200_000) + "\"}", Encoding.UTF8, "application/json");
        using var response = await _fixture.Reporter.PostAsync("api/v1/reports", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostReport_NoCredentials_Answers401()
    {
        using var anonymous = _fixture.Factory.CreateClient();
        using var response = await anonymous.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.1.9" }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostReport_WrongPassword_Answers401()
    {
        using var wrong = _fixture.Factory.ClientFor("web1", "not-the-password");
        using var response = await wrong.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.1.9" }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "api/v1/decisions")]
    [InlineData("POST", "api/v1/decisions")]
    [InlineData("DELETE", "api/v1/decisions/1")]
    [InlineData("GET", "api/v1/allowlist")]
    [InlineData("POST", "api/v1/allowlist")]
    [InlineData("GET", "api/v1/targets")]
    [InlineData("GET", "api/v1/credentials")]
    [InlineData("POST", "api/v1/credentials")]
    [InlineData("GET", "api/v1/addresses/1.0.1.9")]
    public async Task OperatorEndpoint_CalledByReporter_Answers403(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { address = "1.0.1.9", name = "x", role = "operator" });
        }

        using var response = await _fixture.Reporter.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ReporterUnban_ByDefault_Answers403WithReason()
    {
        using var response = await _fixture.Reporter.PostAsync("api/v1/reports/unban", JsonContent.Create(new { ip = "1.0.1.9" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("AllowReporterUnban", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("root")]
    [InlineData("")]
    public async Task CreateCredential_UnknownRole_Answers400NamingRole(string role)
    {
        using var response = await _fixture.Operator.PostAsJsonAsync("api/v1/credentials", new { name = "someone", role });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("role", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task PostReport_AfterHostileRequests_ValidReportsStillAcceptedAndKept()
    {
        using var first = await _fixture.Reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = "1.0.7.1", jail = "sshd" }));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        foreach (var (contentType, body, _, _) in BadRequests.Select(r => ((string)r[0], (string)r[1], r[2], r[3])))
        {
            using var bad = new StringContent(body, Encoding.UTF8);
            bad.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            (await _fixture.Reporter.PostAsync("api/v1/reports", bad)).Dispose();
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = "1.0.7.2", ["jail"] = "sshd", ["bantime"] = "600" });
        using var second = await _fixture.Reporter.PostAsync("api/v1/reports", form);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        string decisions = await _fixture.Operator.GetStringAsync("api/v1/decisions?limit=1000");
        Assert.Contains("\"1.0.7.1\"", decisions, StringComparison.Ordinal);
        Assert.Contains("\"1.0.7.2\"", decisions, StringComparison.Ordinal);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new();

        public HttpClient Operator { get; private set; } = null!;

        public HttpClient Reporter { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Operator = Factory.OperatorClient();
            Reporter = await Factory.ReporterClientAsync("web1");
        }

        public async Task DisposeAsync()
        {
            Operator.Dispose();
            Reporter.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
