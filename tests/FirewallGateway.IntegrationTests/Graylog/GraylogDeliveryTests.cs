using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FirewallGateway.IntegrationTests.Graylog;

/// <summary>Retries count once; Basic, API key and path token authenticate; anything else gets 401/403.</summary>
public sealed class GraylogDeliveryTests : IClassFixture<GraylogFixture>
{
    private readonly GraylogFixture _fixture;

    public GraylogDeliveryTests(GraylogFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Post_SameEventTwice_CountsOnceAndSecondIsListedDuplicate()
    {
        string body = GraylogSamplePayloadTests.PublicEvent("01J0F7Q2W8XKQ4V3M5N6P7DUP1", "1.0.70.1");

        var (firstStatus, first) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", body);
        var (secondStatus, second) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", body);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal(["1.0.70.1:created"], GraylogSamplePayloadTests.Accepted(first));
        Assert.Empty(second.GetProperty("accepted").EnumerateArray());
        Assert.Equal(["1.0.70.1:duplicate"], GraylogSamplePayloadTests.Ignored(second));
        var explained = await _fixture.ExplainAsync("1.0.70.1");
        Assert.Single(explained.GetProperty("reports").EnumerateArray());
        Assert.Equal(1, explained.GetProperty("decision").GetProperty("reportCount").GetInt32());
    }

    [Fact]
    public async Task Post_SameEventConcurrently_CountsOnce()
    {
        string body = GraylogSamplePayloadTests.PublicEvent("01J0F7Q2W8XKQ4V3M5N6P7DUP2", "1.0.70.2");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(1, answers.Sum(a => a.Answer.GetProperty("accepted").GetArrayLength()));
        Assert.Single((await _fixture.ExplainAsync("1.0.70.2")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Post_NewEventSameAddress_MergesIntoDecision()
    {
        var (_, first) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("ev-m-1", "1.0.70.3"));
        var (_, second) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("ev-m-2", "1.0.70.3"));

        Assert.Equal(["1.0.70.3:created"], GraylogSamplePayloadTests.Accepted(first));
        Assert.Equal(["1.0.70.3:merged"], GraylogSamplePayloadTests.Accepted(second));
    }

    [Fact]
    public async Task Post_NoCredentials_Answers401WithBasicChallenge()
    {
        using var anonymous = _fixture.Factory.CreateClient();
        using var content = GraylogFixture.Json(GraylogSamplePayloadTests.PublicEvent("anon", "1.0.71.1"));
        using var response = await anonymous.PostAsync("api/v1/graylog/events", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Empty((await _fixture.ExplainAsync("1.0.71.1")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Post_WrongPassword_Answers401()
    {
        using var wrong = _fixture.Factory.ClientFor("graylog", "not-the-password");
        var (status, _) = await GraylogFixture.PostAsync(wrong, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("wrong", "1.0.71.2"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Post_ReporterNotInAllowedLogins_Answers403()
    {
        var (status, answer) = await GraylogFixture.PostAsync(
            _fixture.OtherReporter, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("other", "1.0.71.3"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("AllowedLogins", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _fixture.ExplainAsync("1.0.71.3")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Post_ValidApiKey_AcceptedAsKeyName()
    {
        using var client = _fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", GraylogFixture.ApiKey);

        var (status, answer) = await GraylogFixture.PostAsync(client, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("key-1", "1.0.71.4"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.71.4:created"], GraylogSamplePayloadTests.Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.71.4")).GetProperty("reports").EnumerateArray());
        Assert.Equal("graylog-key", report.GetProperty("reporter").GetString());
    }

    [Theory]
    [InlineData("k3y-for-graylog-tests-0123456789abcdefABCDEX")]
    [InlineData("k3y-for-graylog-tests-0123456789abcdefABCDE")]
    [InlineData("")]
    public async Task Post_WrongApiKey_Answers401(string key)
    {
        using var client = _fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-API-Key", key);

        var (status, answer) = await GraylogFixture.PostAsync(client, "api/v1/graylog/events", GraylogSamplePayloadTests.PublicEvent("key-2", "1.0.71.5"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);

        // HttpClient drops an empty header, which is then simply no credentials.
        Assert.Equal(key.Length == 0 ? "unauthenticated" : "invalid-api-key", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_ValidPathToken_AcceptedAsTokenName()
    {
        using var client = _fixture.Factory.CreateClient();

        var (status, answer) = await GraylogFixture.PostAsync(
            client, $"api/v1/graylog/t/{GraylogFixture.PathToken}/legacy",
            GraylogFixture.Payload("graylog-legacy-alarm.json").Replace("203.0.113.45", "1.0.71.6", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("1.0.71.6:created", GraylogSamplePayloadTests.Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.71.6")).GetProperty("reports").EnumerateArray());
        Assert.Equal("graylog-old", report.GetProperty("reporter").GetString());
    }

    [Fact]
    public async Task Post_WrongPathToken_Answers401()
    {
        using var client = _fixture.Factory.CreateClient();

        var (status, answer) = await GraylogFixture.PostAsync(
            client, "api/v1/graylog/t/t0ken-for-old-graylog-0123456789abcdefABCDEX/events", GraylogSamplePayloadTests.PublicEvent("tok", "1.0.71.7"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid-token", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_BadBodyWithoutCredentials_Answers401BeforeReadingBody()
    {
        using var anonymous = _fixture.Factory.CreateClient();
        using var content = new StringContent("not json", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await anonymous.PostAsync("api/v1/graylog/custom", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
