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
        Assert.True(GraylogAddressExtractor.TryNormalise(text, allowRanges: true, out var address, out _, out _));
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
    [InlineData("1.0.1.0/24", "range-not-allowed")]
    [InlineData("0.0.0.0/0", "range-not-allowed")]
    [InlineData("::/0", "range-not-allowed")]
    [InlineData("2a00:1450::/32", "range-not-allowed")]
    public void TryNormalise_NotAnAddress_GivesReason(string text, string reason)
    {
        Assert.False(GraylogAddressExtractor.TryNormalise(text, allowRanges: false, out _, out string actual, out string detail));
        Assert.Equal(reason, actual);
        Assert.NotEmpty(detail);
    }

    [Fact]
    public void TryNormalise_HugeText_RefusedWithoutParsing()
    {
        Assert.False(GraylogAddressExtractor.TryNormalise(new string('1', 100_000), allowRanges: true, out _, out string reason, out _));
        Assert.Equal("not-an-address", reason);
    }

    [Theory]
    [InlineData("Failed password for root from 1.0.1.9 port 22 ssh2", new[] { "1.0.1.9" })]
    [InlineData("sshd[23411]: Failed password for invalid user admin from 203.0.113.45 port 51122 ssh2", new[] { "203.0.113.45" })]
    [InlineData("2025-06-12T08:14:51.204Z connection from 1.0.1.9:5555 to 1.0.1.9.", new[] { "1.0.1.9:5555", "1.0.1.9" })]
    [InlineData("Invalid user x from [2a00:1450::1]:443", new[] { "2a00:1450::1" })]
    [InlineData("12:01:02 deadbeef cafe 0.5 1.2.3 ::", new string[0])]
    public void MatchMessage_Text_FindsOnlyAddresses(string text, string[] expected)
    {
        Assert.Equal(expected, Extractor(new GraylogReceiverOptions()).MatchMessage(text));
    }

    /// <summary>A user name the attacker chose holds another address: only the peer of a known line is taken.</summary>
    [Theory]
    [InlineData("Failed password for invalid user 1.0.9.9 from 1.0.1.45 port 51122 ssh2", "1.0.1.45")]
    [InlineData("Failed password for invalid user x from 1.0.9.9 port 22 ssh2 from 1.0.1.46 port 51122 ssh2", "1.0.1.46")]
    [InlineData("sshd[23411]: Invalid user \"a\" from 1.0.9.9 from 1.0.1.47 port 51122", "1.0.1.47")]
    [InlineData("Invalid user rip=1.0.9.9 from 2a00:1450::48 port 51122", "2a00:1450::48")]
    [InlineData("login failure for user x from 1.0.9.9 via ssh from 1.0.3.49 via winbox", "1.0.3.49")]
    [InlineData("imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<x>, method=PLAIN, rip=1.0.9.9, lip=1.0.9.8, session=<y>, method=PLAIN, rip=1.0.6.50, lip=10.0.0.2, TLS", "1.0.6.50")]
    [InlineData("2025/06/12 08:15:02 [error] 12#12: *5 user \"a\"b\": password mismatch, client: 1.0.7.51, server: web, referrer: \"client: 1.0.9.9,\"", "1.0.7.51")]
    public void MatchMessage_HostileUserNameInKnownLine_TakesOnlyThePeer(string text, string expected)
    {
        Assert.Equal([expected], Extractor(new GraylogReceiverOptions()).MatchMessage(text));
    }

    [Fact]
    public void MatchMessage_EightKilobyteLineThatAlmostMatchesEveryRule_Completes()
    {
        // The built-in patterns run without a time limit on texts up to 8 KiB: the worst such text must still finish.
        string text = "Failed password for " + string.Concat(Enumerable.Repeat(" from 1.0.1.1 port 2", 390));
        Assert.True(text.Length <= 8192);
        Assert.Equal(["1.0.1.1"], Extractor(new GraylogReceiverOptions()).MatchMessage(text).Distinct());
    }

    [Theory]
    [InlineData("app: login refused for account 1.0.9.9 coming from 1.0.1.52")]
    [InlineData("connection from 1.0.1.9:5555 to 1.0.2.2.")]
    public void MatchMessage_UnknownLineWithTwoAddresses_IsAmbiguousAndTakesNone(string text)
    {
        Assert.Empty(Extractor(new GraylogReceiverOptions()).MatchMessage(text));
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

    [Theory]
    [InlineData(false, "", "1.0.1.0/24:range-not-allowed")]
    [InlineData(true, "1.0.1.0/24", "")]
    public void Build_BlockInAddressField_ReportedOnlyWhenRangesAllowed(bool allowRanges, string reported, string ignored)
    {
        var options = new GraylogReceiverOptions { AllowRanges = allowRanges };
        var notification = new GraylogNotification { Kind = GraylogNotificationKind.Custom, EventId = "e1", Title = "T" };
        notification.Candidates.Add(new GraylogCandidate("1.0.1.0/24", "src_ip", Strict: true, null, null));

        var (reports, ignoredList, _) = GraylogReportBuilder.Build(notification, "graylog", DateTimeOffset.UnixEpoch, options);

        Assert.Equal(reported, string.Join(',', reports.Select(r => r.Address.ToString())));
        Assert.Equal(ignored, string.Join(',', ignoredList.Select(i => $"{i.Address}:{i.Reason}")));
    }

    private static GraylogAddressExtractor Extractor(GraylogReceiverOptions options) => new(Options.Create(options));
}
