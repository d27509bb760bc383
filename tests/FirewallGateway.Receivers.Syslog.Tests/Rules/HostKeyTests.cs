using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

public sealed class HostKeyTests
{
    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::ffff:1.2.3.4", "1.2.3.4")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("::", "::")]
    [InlineData("::ffff:0:0", "0.0.0.0")]
    public void TryParse_OneAddress_GivesTheSameAddressAsBanAddress(string text, string canonical)
    {
        Assert.True(HostKey.TryParse(text, out var key));
        Assert.Equal(canonical, key.ToBanAddress().ToString());
        Assert.Equal(BanAddress.Parse(text), key.ToBanAddress());
        Assert.Equal(HostKey.From(BanAddress.Parse(text)), key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..3.4")]
    [InlineData("1.2.3.4/32")]
    [InlineData("2001:db8::/64")]
    [InlineData("fe80::1%eth0")]
    [InlineData("1.2.3.x")]
    public void TryParse_NotOneStrictAddress_IsRefused(string text)
    {
        Assert.False(HostKey.TryParse(text, out _));
    }

    [Fact]
    public void Keys_IPv4AndItsMappedForm_AreOneKey_AndDifferFromOtherFamilies()
    {
        Assert.True(HostKey.TryParse("1.2.3.4", out var v4));
        Assert.True(HostKey.TryParse("::ffff:1.2.3.4", out var mapped));
        Assert.True(HostKey.TryParse("::1.2.3.4", out var compatible));
        Assert.Equal(v4, mapped);
        Assert.True(v4.IsIPv4);
        Assert.NotEqual(v4, compatible);
        Assert.False(compatible.IsIPv4);
    }
}
