using System.Net;

namespace FirewallGateway.IntegrationTests.Graylog;

/// <summary>
/// Graylog Custom HTTP variants seen in the field (issue 22) and attacker-chosen addresses (issue 15 point 5),
/// posted over HTTP to an in-process gateway: what is banned, with which reason, and that nothing recoverable gets 400.
/// </summary>
public sealed class GraylogCompatibilityTests : IClassFixture<GraylogFixture>
{
    private readonly GraylogFixture _fixture;

    public GraylogCompatibilityTests(GraylogFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Custom_DefaultTemplateOfGraylog6To7_ReasonIsEventTitle()
    {
        string body = """
            {"event_definition_id":"665f1c2ab3d4e5f601234567","event_definition_type":"aggregation-v1","event_title":"SSH brute force 6.x",
             "event_id":"01J0F7Q2W8XKQ4V3M5N6P7T001","event_message":"SSH brute force 6.x: 1.0.71.1 - count()=14.0","event_key":"1.0.71.1"}
            """;

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.71.1:created"], GraylogSamplePayloadTests.Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.71.1")).GetProperty("reports").EnumerateArray());
        Assert.Equal("SSH brute force 6.x", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Custom_Graylog60UnescapedQuotesAndBackslashes_RecoveredAndBanned()
    {
        // Our sample template as Graylog 6.0.x renders it: the log line's quotes, backslash and newline raw.
        string body = """
            {
              "event_id": "01J0F7Q2W8XKQ4V3M5N6P7T002",
              "event_definition_type": "aggregation-v1",
              "title": "SSH "brute" force \ 6.0",
              "source": "graylog-node-01",
              "key": "1.0.71.2",
              "message": "Failed password for invalid user "adm\in" from 1.0.71.2 port 22 ssh2
            second line",
              "src_ip": "1.0.71.2",
              "backlog": [{"source": "web-01", "src_ip": "1.0.71.2", "message": "Invalid user "x" from 1.0.71.2"}]
            }
            """;

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.71.2:created"], GraylogSamplePayloadTests.Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.71.2")).GetProperty("reports").EnumerateArray());
        Assert.Equal("SSH \"brute\" force \\ 6.0", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Custom_UnescapedBodyForgingAnAddressField_AnsweredAmbiguous400AndNothingBanned()
    {
        string body = """{"event_id": "01J0F7Q2W8XKQ4V3M5N6P7T003", "message": "x "q", "src_ip": "1.0.71.9", "src_ip": "1.0.71.3"}""";

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("6.1", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await _fixture.ExplainAsync("1.0.71.9")).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task Custom_EmptyTemplateSendsStandardEventDocument_Accepted()
    {
        string body = GraylogSamplePayloadTests.PublicEvent("01J0F7Q2W8XKQ4V3M5N6P7T004", "1.0.71.4");

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("1.0.71.4:created", GraylogSamplePayloadTests.Accepted(answer));
        var report = Assert.Single((await _fixture.ExplainAsync("1.0.71.4")).GetProperty("reports").EnumerateArray());
        Assert.Equal("SSH brute force per source IP", report.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Custom_AddressInsideUserNameOfMessage_OnlyThePeerIsBanned()
    {
        // No address field: the message text is all there is, and its user name holds another address.
        string body = """
            {"event_id":"01J0F7Q2W8XKQ4V3M5N6P7T005","title":"T","backlog":[
              {"message":"Failed password for invalid user 1.0.71.99 from 1.0.71.5 port 51122 ssh2"},
              {"message":"Invalid user x from 1.0.71.98 from 1.0.71.5 port 51122"},
              {"message":"app: denied account 1.0.71.97 coming from 1.0.71.5"}]}
            """;

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["1.0.71.5:created"], GraylogSamplePayloadTests.Accepted(answer));
        foreach (string planted in new[] { "1.0.71.99", "1.0.71.98", "1.0.71.97" })
        {
            Assert.Empty((await _fixture.ExplainAsync(planted)).GetProperty("reports").EnumerateArray());
        }
    }

    [Theory]
    [InlineData("1.0.71.0/24")]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    [InlineData("2a00:1450::/32")]
    public async Task Custom_BlockInAddressField_IgnoredAsRangeNotAllowed(string block)
    {
        string body = $$"""{"event_id":"ev-block-{{block}}","title":"T","src_ip":"{{block}}","key":"{{block}}"}""";

        var (status, answer) = await GraylogFixture.PostAsync(_fixture.Graylog, "api/v1/graylog/custom", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(answer.GetProperty("accepted").EnumerateArray());
        Assert.Contains($"{block}:range-not-allowed", GraylogSamplePayloadTests.Ignored(answer));
    }
}
