using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog.Tests;

/// <summary>Candidate normalisation and the fallback message pattern.</summary>
public sealed class GraylogAddressExtractorTests
{
    [Theory]
    [InlineData("1.0.1.9", "1.0.1.9")]
    [InlineData(" 1.0.1.9 ", "1.0.1.9")]
    [InlineData("1.0.1.9:22", "1.0.1.9")]
    [InlineData("[2a00:1450::1]:443", "2a00:1450::1")]
    [InlineData("[2a00:1450::1]", "2a00:1450::1")]
    [InlineData("2a00:1450::1", "2a00:1450::1")]
    [InlineData("::ffff:1.0.1.9", "1.0.1.9")]
    [InlineData("1.0.1.0/24", "1.0.1.0/24")]
    public void TryNormalise_AddressForms_GivesCanonicalAddress(string text, string expected)
    {
        Assert.True(GraylogAddressExtractor.TryNormalise(text, out var address, out _, out _));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData("fe80::1%eth0", "zone-id")]
    [InlineData("2a00:1450::1%25eth0", "zone-id")]
    [InlineData("1.0.1.9:0", "not-an-address")]
    [InlineData("1.0.1.9:65536", "not-an-address")]
    [InlineData("1.0.1.9:ssh", "not-an-address")]
    [InlineData("[2a00:1450::1]:x", "not-an-address")]
    [InlineData("1.2.3", "not-an-address")]
    [InlineData("1.2.3.4; rm -rf /", "not-an-address")]
    [InlineData("testkey", "not-an-address")]
    [InlineData("web-01", "not-an-address")]
    public void TryNormalise_NotAnAddress_GivesReason(string text, string reason)
    {
        Assert.False(GraylogAddressExtractor.TryNormalise(text, out _, out string actual, out string detail));
        Assert.Equal(reason, actual);
        Assert.NotEmpty(detail);
    }

    [Fact]
    public void TryNormalise_HugeText_RefusedWithoutParsing()
    {
        Assert.False(GraylogAddressExtractor.TryNormalise(new string('1', 100_000), out _, out string reason, out _));
        Assert.Equal("not-an-address", reason);
    }

    [Theory]
    [InlineData("Failed password for root from 1.0.1.9 port 22 ssh2", new[] { "1.0.1.9" })]
    [InlineData("sshd[23411]: Failed password for invalid user admin from 203.0.113.45 port 51122 ssh2", new[] { "203.0.113.45" })]
    [InlineData("2025-06-12T08:14:51.204Z connection from 1.0.1.9:5555 to 1.0.2.2.", new[] { "1.0.1.9:5555", "1.0.2.2" })]
    [InlineData("Invalid user x from [2a00:1450::1]:443", new[] { "2a00:1450::1" })]
    [InlineData("12:01:02 deadbeef cafe 0.5 1.2.3 ::", new string[0])]
    public void MatchMessage_Text_FindsOnlyAddresses(string text, string[] expected)
    {
        Assert.Equal(expected, Extractor(new GraylogReceiverOptions()).MatchMessage(text));
    }

    [Fact]
    public void MatchMessage_PatternDisabled_FindsNothing()
    {
        Assert.Empty(Extractor(new GraylogReceiverOptions { MessagePattern = string.Empty }).MatchMessage("from 1.0.1.9"));
    }

    [Fact]
    public void MatchMessage_MegabyteOfHexAndColons_Completes()
    {
        // Linear-time engine: a hostile message cannot make matching slow (no timing asserted, it just must finish).
        string text = string.Concat(Enumerable.Repeat("a:b.", 250_000));
        Assert.Empty(Extractor(new GraylogReceiverOptions()).MatchMessage(text));
    }

    [Fact]
    public void IsAddressField_BookkeepingField_NeverCounts()
    {
        var extractor = Extractor(new GraylogReceiverOptions { AddressFields = ["src_ip", "gl2_remote_ip"] });
        Assert.True(extractor.IsAddressField("src_ip"));
        Assert.False(extractor.IsAddressField("gl2_remote_ip"));
        Assert.False(extractor.IsAddressField("client_ip"));
    }

    private static GraylogAddressExtractor Extractor(GraylogReceiverOptions options) => new(Options.Create(options));
}
