using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Adapters.Nftables.Tests;

public class NftScriptTests
{
    private static readonly NftSetNames Names = new("inet", "fg", "b4", "b6", "r4", "r6");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ban_V4V6AndRanges_SinglesIntoHashSetsBlocksIntoIntervalSetsWithTimeouts()
    {
        string script = NftScript.Ban(Names, [Entry("1.0.0.5", 3600), Entry("2a00:1450::/64", 60), Entry("1.0.1.0/24", 90), Entry("2a00:1450::1", 30)], Now);

        Assert.Equal(
            "add element inet fg b4 { 1.0.0.5 timeout 3600s }\n" +
            "add element inet fg r6 { 2a00:1450::/64 timeout 60s }\n" +
            "add element inet fg r4 { 1.0.1.0/24 timeout 90s }\n" +
            "add element inet fg b6 { 2a00:1450::1 timeout 30s }\n",
            script);
    }

    [Fact]
    public void BanReplacing_AnyEntries_BareAddDeleteThenAddWithTimeout()
    {
        string script = NftScript.BanReplacing(Names, [Entry("1.0.0.5", 3600), Entry("2a00:1450::1", 60)], Now);

        Assert.Equal(
            "add element inet fg b4 { 1.0.0.5 }\ndelete element inet fg b4 { 1.0.0.5 }\nadd element inet fg b4 { 1.0.0.5 timeout 3600s }\n" +
            "add element inet fg b6 { 2a00:1450::1 }\ndelete element inet fg b6 { 2a00:1450::1 }\nadd element inet fg b6 { 2a00:1450::1 timeout 60s }\n",
            script);
    }

    [Fact]
    public void Ban_SameAddressTwice_OnceWithTheLaterExpiry()
    {
        string script = NftScript.Ban(Names, [Entry("1.0.0.5", 60), Entry("1.0.0.5", 600)], Now);

        Assert.Contains("{ 1.0.0.5 timeout 600s }", script, StringComparison.Ordinal);
        Assert.DoesNotContain("60s,", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Ban_ManyEntries_AtMostOneThousandPerLine()
    {
        var entries = Enumerable.Range(0, 2500).Select(i => Entry($"1.0.{i / 250}.{i % 250}", 60)).ToList();

        string[] lines = NftScript.Ban(Names, entries, Now).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.True(l.Count(c => c == ',') < 1000));
    }

    [Fact]
    public void Delete_V4AndV6_OneDeletePerSetDuplicatesOnce()
    {
        string script = NftScript.Delete(Names, [BanAddress.Parse("1.0.0.5"), BanAddress.Parse("2a00:1450::1"), BanAddress.Parse("1.0.0.5")]);

        Assert.Equal("delete element inet fg b4 { 1.0.0.5 }\ndelete element inet fg b6 { 2a00:1450::1 }\n", script);
    }

    [Fact]
    public void UnbanSingles_PresentOrNot_BareAddThenDeletePerSet()
    {
        string script = NftScript.UnbanSingles(Names, [BanAddress.Parse("1.0.0.5"), BanAddress.Parse("2a00:1450::1"), BanAddress.Parse("1.0.0.5")]);

        Assert.Equal(
            "add element inet fg b4 { 1.0.0.5 }\ndelete element inet fg b4 { 1.0.0.5 }\n" +
            "add element inet fg b6 { 2a00:1450::1 }\ndelete element inet fg b6 { 2a00:1450::1 }\n",
            script);
    }

    [Fact]
    public void Delete_Ranges_FromTheIntervalSets()
    {
        string script = NftScript.Delete(Names, [BanAddress.Parse("1.0.4.0/22"), BanAddress.Parse("2a00:1450::/64")]);

        Assert.Equal("delete element inet fg r4 { 1.0.4.0/22 }\ndelete element inet fg r6 { 2a00:1450::/64 }\n", script);
    }

    [Theory]
    [InlineData(-10, 1)]
    [InlineData(0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(59.5, 60)]
    [InlineData(400 * 86400, 365 * 86400)]
    public void TimeoutSeconds_AnyLifetime_ClampedToWhatNftAccepts(double seconds, long expected)
    {
        Assert.Equal(expected, NftScript.TimeoutSeconds(Now.AddSeconds(seconds), Now));
    }

    [Fact]
    public void TimeoutSeconds_PermanentDecision_OneYear()
    {
        Assert.Equal(365 * 86400, NftScript.TimeoutSeconds(DateTimeOffset.MaxValue, Now));
    }

    [Theory]
    [InlineData("inet", true, true)]
    [InlineData("ip", true, false)]
    [InlineData("ip6", false, true)]
    public void Ensure_Family_DropRulesForItsAddressFamiliesOnly(string family, bool v4Rule, bool v6Rule)
    {
        string script = NftScript.Ensure(Names with { Family = family }, dropForward: false);

        Assert.Contains($"add table {family} fg\n", script, StringComparison.Ordinal);
        Assert.Contains($"add set {family} fg b4 {{ type ipv4_addr; flags timeout; }}", script, StringComparison.Ordinal);
        Assert.Contains($"add set {family} fg r4 {{ type ipv4_addr; flags interval,timeout; }}", script, StringComparison.Ordinal);
        Assert.Contains($"add set {family} fg r6 {{ type ipv6_addr; flags interval,timeout; }}", script, StringComparison.Ordinal);
        Assert.Contains($"flush chain {family} fg input\n", script, StringComparison.Ordinal);
        Assert.Equal(v4Rule, script.Contains($"add rule {family} fg input ip saddr @b4 drop", StringComparison.Ordinal));
        Assert.Equal(v4Rule, script.Contains($"add rule {family} fg input ip saddr @r4 drop", StringComparison.Ordinal));
        Assert.Equal(v6Rule, script.Contains($"add rule {family} fg input ip6 saddr @b6 drop", StringComparison.Ordinal));
        Assert.Equal(v6Rule, script.Contains($"add rule {family} fg input ip6 saddr @r6 drop", StringComparison.Ordinal));
        Assert.DoesNotContain("forward", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_DropForward_SecondChainOnForwardHook()
    {
        string script = NftScript.Ensure(Names, dropForward: true);

        Assert.Contains("add chain inet fg forward { type filter hook forward priority filter - 10; policy accept; }", script, StringComparison.Ordinal);
        Assert.Contains("add rule inet fg forward ip6 saddr @b6 drop", script, StringComparison.Ordinal);
    }

    private static BanEntry Entry(string address, double seconds) => new(BanAddress.Parse(address), 1, Now.AddSeconds(seconds));
}
