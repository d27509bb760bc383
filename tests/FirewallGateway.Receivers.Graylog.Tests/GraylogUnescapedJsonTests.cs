using System.Text;
using System.Text.Json;

namespace FirewallGateway.Receivers.Graylog.Tests;

/// <summary>Bodies Graylog 6.0.x rendered without escaping template values: recovered when unambiguous, else refused.</summary>
public sealed class GraylogUnescapedJsonTests
{
    [Theory]
    [InlineData("Failed password for invalid user \"admin\" from 1.0.1.9 port 22 ssh2")]
    [InlineData("C:\\temp\\ logon failure from 1.0.1.9\\")]
    [InlineData("two\nlines \t tab from 1.0.1.9")]
    [InlineData("quote then comma \", not a key from 1.0.1.9")]
    [InlineData("brace \"} and bracket \"] from 1.0.1.9")]
    [InlineData("\"")]
    public void TryRecover_ValueWithUnescapedCharacters_GivesTheValueBack(string message)
    {
        string body = $$"""
            {"event_id": "e1", "title": "T", "message": "{{message}}", "src_ip": "1.0.1.9",
             "backlog": [{"message": "{{message}}", "src_ip": "1.0.1.9"}], "ips": ["1.0.1.9", "1.0.1.8"]}
            """;

        using var document = GraylogUnescapedJson.TryRecover(Encoding.UTF8.GetBytes(body), default);

        Assert.NotNull(document);
        var root = document.RootElement;
        Assert.Equal("e1", root.GetProperty("event_id").GetString());
        Assert.Equal(message, root.GetProperty("message").GetString());
        Assert.Equal(message, root.GetProperty("backlog")[0].GetProperty("message").GetString());
        Assert.Equal("1.0.1.9", root.GetProperty("src_ip").GetString());
        Assert.Equal(2, root.GetProperty("ips").GetArrayLength());
    }

    [Fact]
    public void TryRecover_ValueForgingAKeyThatExists_IsAmbiguousAndRefused()
    {
        // The log text closes the message and adds its own src_ip before the template's real one.
        string body = """{"event_id": "e1", "message": "x "q", "src_ip": "1.0.9.9", "src_ip": "1.0.1.9"}""";

        Assert.Null(GraylogUnescapedJson.TryRecover(Encoding.UTF8.GetBytes(body), default));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"event_id\": \"e1\"")]
    public void TryRecover_NotATemplateBody_Refused(string body)
    {
        Assert.Null(GraylogUnescapedJson.TryRecover(Encoding.UTF8.GetBytes(body), default));
    }

    [Fact]
    public void TryRecover_InvalidBecauseUnescaped_WasInvalidBefore()
    {
        // Guard for the test data above: the bodies really are invalid JSON for a strict parser.
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\"message\": \"a \"b\" c\"}"));
    }
}
