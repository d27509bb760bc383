using System.Net;
using System.Text.Json;

namespace FirewallGateway.IntegrationTests.Graylog;

/// <summary>
/// Every shipped sample payload gives the expected reports. The samples use documentation addresses (refused by
/// policy, so stored as reserved and listed as ignored); the "public" variants swap in 1.0.x.x addresses to show the ban.
/// </summary>
public sealed class GraylogSamplePayloadTests : IClassFixture<GraylogFixture>
{
    private readonly GraylogFixture _fixture;

    public GraylogSamplePayloadTests(GraylogFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Legacy_SamplePayload_ListsBothDocumentationAddressesAsReservedAndStoresReports()
    {
        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/legacy", GraylogFixture.Payload("graylog-legacy-alarm.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("legacy", answer.GetProperty("notification").GetString());
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Equal(
            ["198.51.100.23:reserved", "203.0.113.45:reserved"],
            Ignored(answer).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("10.20.0.11", answer.ToString(), StringComparison.Ordinal);

        var report = Assert.Single((await _fixture.ExplainAsync("198.51.100.23")).GetProperty("reports").EnumerateArray());
        Assert.Equal("graylog", report.GetProperty("source").GetString());
        Assert.Equal("graylog", report.GetProperty("reporter").GetString());
        Assert.Equal("SSH brute force", report.GetProperty("reason").GetString());
        Assert.Equal("web-02", report.GetProperty("host").GetString());
        Assert.Equal("reserved", report.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Legacy_PublicAddresses_BansEachSrcIpOnceAndNeverTheShipper()
    {
        // gl2_remote_ip made public: it still is the log shipper, never the attacker.
        string body = GraylogFixture.Payload("graylog-legacy-alarm.json")
            .Replace("203.0.113.45", "1.0.61.45", StringComparison.Ordinal)
            .Replace("198.51.100.23", "1.0.61.23", StringComparison.Ordinal)
            .Replace("10.20.0.11", "1.0.61.99", StringComparison.Ordinal)
            .Replace("10.20.0.12", "1.0.61.98", StringComparison.Ordinal)
            .Replace("2018-03-05T14:21:07.512Z", "2018-03-05T14:21:07.999Z", StringComparison.Ordinal);

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/legacy", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.61.23:created", "1.0.61.45:created"], Accepted(answer).Order(StringComparer.Ordinal));
        Assert.Empty(answer.GetProperty("ignored").EnumerateArray());
        Assert.Empty((await _fixture.ExplainAsync("1.0.61.99")).GetProperty("reports").EnumerateArray());
        Assert.Empty((await _fixture.ExplainAsync("1.0.61.98")).GetProperty("reports").EnumerateArray());
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.61.45")).GetProperty("reports").EnumerateArray());
        Assert.Equal("web-01", report.GetProperty("host").GetString());
        Assert.Contains("Failed password", report.GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_SamplePayload_ListsSrcIpAsReservedWithEventTitle()
    {
        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", GraylogFixture.Payload("graylog-event-notification.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("01J0F7Q2W8XKQ4V3M5N6P7R8S9", answer.GetProperty("eventId").GetString());
        Assert.False(answer.GetProperty("test").GetBoolean());
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Equal(["203.0.113.45:reserved"], Ignored(answer));
        Assert.DoesNotContain("10.20.0.11", answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_PublicAddress_OneReportWithTitleReasonAndBacklogHost()
    {
        string body = PublicEvent("01J0F7Q2W8XKQ4V3M5N6P7AAAA", "1.0.62.45")
            .Replace("10.20.0.11", "1.0.62.99", StringComparison.Ordinal);

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.62.45:created"], Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.62.45")).GetProperty("reports").EnumerateArray());
        Assert.Equal("SSH brute force per source IP", report.GetProperty("reason").GetString());
        Assert.Equal("web-01", report.GetProperty("host").GetString());
        Assert.Empty((await _fixture.ExplainAsync("1.0.62.99")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Events_Test3xPayload_AnsweredAsTestAndNothingStored()
    {
        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", GraylogFixture.Payload("graylog-event-notification-test-3x.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer.GetProperty("test").GetBoolean());
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Empty(answer.GetProperty("ignored").EnumerateArray());
    }

    [Fact]
    public async Task Events_TestPayloadWithAddressKey_NeverBans()
    {
        string body = GraylogFixture.Payload("graylog-event-notification-test-3x.json").Replace("testkey", "1.0.62.77", StringComparison.Ordinal);

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/events", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Equal(["1.0.62.77:test-notification"], Ignored(answer));
        Assert.Empty((await _fixture.ExplainAsync("1.0.62.77")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Custom_DefaultTemplateSample_ReadsEventKeyAndBacklogText()
    {
        var (status, answer) = await GraylogFixture.PostAsync(
            _fixture.Graylog, "api/v1/graylog/custom", WithEventId("graylog-custom-notification.json", "01J0F7Q2W8XKQ4V3M5N6P7EEEE"), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("custom", answer.GetProperty("notification").GetString());
        Assert.Equal(["203.0.113.45:reserved"], Ignored(answer));
    }

    [Fact]
    public async Task Custom_DefaultTemplatePublic_BansKeyWithSummaryAsReason()
    {
        string body = GraylogFixture.Payload("graylog-custom-notification.json")
            .Replace("203.0.113.45", "1.0.63.45", StringComparison.Ordinal)
            .Replace("01J0F7Q2W8XKQ4V3M5N6P7R8S9", "01J0F7Q2W8XKQ4V3M5N6P7CCCC", StringComparison.Ordinal);

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.63.45:created"], Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.63.45")).GetProperty("reports").EnumerateArray());
        Assert.Equal("SSH brute force per source IP", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Custom_RecommendedTemplateSample_ListsSrcIpAsReserved()
    {
        var (status, answer) = await GraylogFixture.PostAsync(
            _fixture.Graylog, "api/v1/graylog/custom", WithEventId("graylog-custom-template-rendered.json", "01J0F7Q2W8XKQ4V3M5N6P7FFFF"), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["203.0.113.45:reserved"], Ignored(answer));
    }

    [Fact]
    public async Task Custom_RecommendedTemplatePublic_BansEachBacklogAddressWithItsHost()
    {
        string body = GraylogFixture.Payload("graylog-custom-template-rendered.json")
            .Replace("01J0F7Q2W8XKQ4V3M5N6P7R8S9", "01J0F7Q2W8XKQ4V3M5N6P7DDDD", StringComparison.Ordinal)
            .Replace("\"src_ip\": \"203.0.113.45\", \"message\": \"Failed password for root", "\"src_ip\": \"2a00:1450::63\", \"message\": \"Failed password for root", StringComparison.Ordinal)
            .Replace("203.0.113.45", "1.0.63.46", StringComparison.Ordinal);

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.63.46:created", "2a00:1450::63:created"], Accepted(answer).Order(StringComparer.Ordinal));
        var report = Assert.Single((await _fixture.ExplainAsync("2a00:1450::63")).GetProperty("reports").EnumerateArray());
        Assert.Equal("web-01", report.GetProperty("host").GetString());
    }

    [Fact]
    public void RecommendedTemplate_RenderedSample_HasEveryTemplateKey()
    {
        // The shipped template and the rendered example must not drift apart.
        string template = File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Root, "samples", "graylog", "custom-notification-template.json"));
        using var rendered = JsonDocument.Parse(GraylogFixture.Payload("graylog-custom-template-rendered.json"));
        foreach (var property in rendered.RootElement.EnumerateObject())
        {
            Assert.Contains($"\"{property.Name}\":", template, StringComparison.Ordinal);
        }
    }

    /// <summary>The samples share one Graylog event id, which would (rightly) make later ones duplicates.</summary>
    private static string WithEventId(string payload, string eventId) =>
        GraylogFixture.Payload(payload).Replace("01J0F7Q2W8XKQ4V3M5N6P7R8S9", eventId, StringComparison.Ordinal);

    internal static string PublicEvent(string eventId, string address) =>
        GraylogFixture.Payload("graylog-event-notification.json")
            .Replace("01J0F7Q2W8XKQ4V3M5N6P7R8S9", eventId, StringComparison.Ordinal)
            .Replace("203.0.113.45", address, StringComparison.Ordinal);

    internal static List<string> Accepted(JsonElement answer) =>
        answer.GetProperty("accepted").EnumerateArray()
            .Select(a => $"{a.GetProperty("address").GetString()}:{a.GetProperty("outcome").GetString()}").ToList();

    internal static List<string> Ignored(JsonElement answer) =>
        answer.GetProperty("ignored").EnumerateArray()
            .Select(a => $"{a.GetProperty("address").GetString()}:{a.GetProperty("reason").GetString()}").ToList();
}
