using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog.Tests;

/// <summary>Which texts each body shape offers as candidates, and where from.</summary>
public sealed class GraylogPayloadParserTests
{
    [Fact]
    public void Parse_EventWithBacklog_BacklogFieldsFirstThenEventFieldsGroupByAndKey()
    {
        var notification = Parse(GraylogNotificationKind.Events, """
            {"event_definition_title":"T","event":{"id":"e1","source":"node","key":"1.0.1.1|root","fields":{"src_ip":"1.0.1.2","other":"1.0.1.3"},
             "group_by_fields":{"src_ip":"1.0.1.4","user":"root","gl2_remote_ip":"1.0.1.5"}},
             "backlog":[{"source":"web-01","message":"from 1.0.1.6","fields":{"client_ip":"1.0.1.7","gl2_remote_ip":"1.0.1.8"}}]}
            """);

        Assert.Equal("e1", notification.EventId);
        Assert.Equal("T", notification.Title);
        Assert.Equal(
            ["1.0.1.7@backlog[0].fields.client_ip", "1.0.1.2@event.fields.src_ip", "1.0.1.4@event.group_by_fields.src_ip", "1.0.1.1@event.key"],
            notification.Candidates.Select(c => $"{c.Text}@{c.Origin}"));
        Assert.Equal("web-01", notification.Candidates[0].Host);
        Assert.Equal("node", notification.Candidates[1].Host);
    }

    [Fact]
    public void Parse_GroupByOptionsOff_OnlyConfiguredFields()
    {
        var options = new GraylogReceiverOptions { UseEventKey = false, UseGroupByValues = false };
        var notification = Parse(GraylogNotificationKind.Events, """
            {"event":{"id":"e1","key":"1.0.1.1","group_by_fields":{"src_ip":"1.0.1.4","peer":"1.0.1.9"}}}
            """, options);

        Assert.Equal(["1.0.1.4"], notification.Candidates.Select(c => c.Text));
    }

    [Fact]
    public void Parse_CustomFieldNames_ReadsThemOnly()
    {
        var options = new GraylogReceiverOptions { AddressFields = ["attacker"] };
        var notification = Parse(GraylogNotificationKind.Custom, """
            {"event_id":"e1","src_ip":"1.0.1.1","attacker":["1.0.1.2",""],"backlog":[{"message":"m","attacker":"1.0.1.3"}]}
            """, options);

        Assert.Equal(["1.0.1.3", "1.0.1.2"], notification.Candidates.Select(c => c.Text));
    }

    [Fact]
    public void Parse_Legacy_IdFromConditionAndTriggerTime()
    {
        var notification = Parse(GraylogNotificationKind.Legacy, """
            {"check_result":{"triggered_at":"2018-03-05T14:21:07.512Z","triggered_condition":{"id":"c1"}},"stream":{"title":"S"}}
            """);

        Assert.Equal("legacy:c1:2018-03-05T14:21:07.512Z", notification.EventId);
        Assert.Equal("S", notification.Title);
    }

    [Theory]
    [InlineData("{\"event_id\":\"e\",\"event_definition_type\":\"test-dummy-v1\"}", "custom")]
    [InlineData("{\"event_definition_type\":\"test-dummy-v1\",\"event\":{\"id\":\"e\"}}", "events")]
    [InlineData("{\"event\":{\"id\":\"e\",\"event_definition_type\":\"notification-test-v1\"}}", "events")]
    public void Parse_GraylogTestNotification_IsTest(string body, string kind)
    {
        Assert.True(Parse(Enum.Parse<GraylogNotificationKind>(kind, ignoreCase: true), body).IsTest);
    }

    [Fact]
    public void Parse_CustomDefaultTemplateOfGraylog6To7_TitleFromEventTitle()
    {
        var notification = Parse(GraylogNotificationKind.Custom, """
            {"event_definition_id":"d1","event_id":"e1","event_title":"SSH brute force","event_key":"1.0.1.1","event_message":"m"}
            """);

        Assert.Equal("SSH brute force", notification.Title);
        Assert.Equal(["1.0.1.1"], notification.Candidates.Select(c => c.Text));
    }

    [Fact]
    public void Parse_CustomWithEmptyTemplate_ReadsTheStandardEventDocument()
    {
        var notification = Parse(GraylogNotificationKind.Custom, """
            {"event_definition_title":"T","event":{"id":"e1","key":"1.0.1.1","fields":{"src_ip":"1.0.1.2"}},"backlog":[]}
            """);

        Assert.Equal("e1", notification.EventId);
        Assert.Equal("T", notification.Title);
        Assert.Equal(["1.0.1.2", "1.0.1.1"], notification.Candidates.Select(c => c.Text));
    }

    private static GraylogNotification Parse(GraylogNotificationKind kind, string body, GraylogReceiverOptions? options = null)
    {
        using var document = JsonDocument.Parse(body);
        var (notification, error) = new GraylogPayloadParser(new GraylogAddressExtractor(Options.Create(options ?? new GraylogReceiverOptions())))
            .Parse(kind, document.RootElement);
        Assert.Null(error);
        return notification!;
    }
}
