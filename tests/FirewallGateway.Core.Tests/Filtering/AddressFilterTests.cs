using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Filtering;

public class AddressFilterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private AddressFilter Create(Action<PolicyOptions>? configure = null)
    {
        var policy = new PolicyOptions();
        configure?.Invoke(policy);
        return new AddressFilter(Microsoft.Extensions.Options.Options.Create(policy), _time);
    }

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8")]
    [InlineData("172.31.255.255", "172.16.0.0/12")]
    [InlineData("192.168.1.1", "192.168.0.0/16")]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("169.254.1.1", "169.254.0.0/16")]
    [InlineData("100.64.0.1", "100.64.0.0/10")]
    [InlineData("192.0.2.1", "192.0.2.0/24")]
    [InlineData("198.51.100.7", "198.51.100.0/24")]
    [InlineData("203.0.113.9", "203.0.113.0/24")]
    [InlineData("198.18.0.1", "198.18.0.0/15")]
    [InlineData("224.0.0.1", "224.0.0.0/4")]
    [InlineData("240.0.0.1", "240.0.0.0/4")]
    [InlineData("0.1.2.3", "0.0.0.0/8")]
    [InlineData("255.255.255.255", "255.255.255.255/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("::", "::/128")]
    [InlineData("fe80::1", "fe80::/10")]
    [InlineData("fd00::1", "fc00::/7")]
    [InlineData("ff02::1", "ff00::/8")]
    [InlineData("2001:db8::1", "2001:db8::/32")]
    [InlineData("3fff::1", "3fff::/20")]
    [InlineData("2002::1", "2002::/16")]
    [InlineData("2001::1", "2001::/32")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.0/8")]
    [InlineData("4000::1", "2000::/3")]
    public void Check_ReservedAddress_RefusesNamingTheBlock(string address, string block)
    {
        var verdict = Create().Check(BanAddress.Parse(address));
        Assert.NotNull(verdict);
        Assert.Equal("reserved", verdict.Code);
        Assert.Contains(block, verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.1.9")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("1.0.1.0/24")]
    public void Check_PublicAddress_Allows(string address)
    {
        Assert.Null(Create().Check(BanAddress.Parse(address)));
    }

    [Fact]
    public void Check_RangeCoveringReservedBlock_Refuses()
    {
        var verdict = Create(p => p.MinimumIPv4Prefix = 1).Check(BanAddress.Parse("8.0.0.0/5"));
        Assert.Equal("reserved", verdict?.Code);
        Assert.Contains("10.0.0.0/8", verdict!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BlockWiderThanPolicy_RefusesNamingTheKey()
    {
        var verdict = Create().Check(BanAddress.Parse("1.0.0.0/15"));
        Assert.Equal("too-broad", verdict?.Code);
        Assert.Contains("Policy:MinimumIPv4Prefix", verdict!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ConfiguredAllowListEntry_RefusesNamingTheEntry()
    {
        var filter = Create(p => p.AllowList.Add(new AllowListItemOptions { Address = "1.0.1.0/24", Comment = "office" }));
        var verdict = filter.Check(BanAddress.Parse("1.0.1.9"));
        Assert.Equal("allow-listed", verdict?.Code);
        Assert.Contains("1.0.1.0/24", verdict!.Message, StringComparison.Ordinal);
        Assert.Contains("office", verdict.Message, StringComparison.Ordinal);
        Assert.Null(filter.Check(BanAddress.Parse("1.0.2.1")));
    }

    [Fact]
    public void Check_BanRangeContainingAllowedAddress_Refuses()
    {
        var filter = Create(p => p.AllowList.Add(new AllowListItemOptions { Address = "1.0.1.9" }));
        Assert.Equal("allow-listed", filter.Check(BanAddress.Parse("1.0.0.0/16"))?.Code);
    }

    [Fact]
    public void Check_StoredEntryInactiveOrExpired_DoesNotProtect()
    {
        var filter = Create();
        var now = _time.GetUtcNow();
        filter.ReplaceStoredEntries(
        [
            new AllowListEntry(1, BanAddress.Parse("1.0.1.1"), "off", false, null, "operator", now),
            new AllowListEntry(2, BanAddress.Parse("1.0.1.2"), "lapses", true, now.AddMinutes(5), "operator", now),
            new AllowListEntry(3, BanAddress.Parse("2a00:1450::/32"), "v6", true, null, "operator", now),
        ]);
        Assert.Null(filter.Check(BanAddress.Parse("1.0.1.1")));
        Assert.Equal("allow-listed", filter.Check(BanAddress.Parse("1.0.1.2"))?.Code);
        Assert.Equal("allow-listed", filter.Check(BanAddress.Parse("2a00:1450::9"))?.Code);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(filter.Check(BanAddress.Parse("1.0.1.2")));
    }
}
