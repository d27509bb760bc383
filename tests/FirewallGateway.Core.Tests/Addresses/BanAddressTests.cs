using System.Net;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Tests.Addresses;

public class BanAddressTests
{
    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4", 32)]
    [InlineData("1.2.3.4/32", "1.2.3.4", 32)]
    [InlineData("1.2.3.77/24", "1.2.3.0/24", 24)]
    [InlineData("::ffff:1.2.3.4", "1.2.3.4", 32)]
    [InlineData("::ffff:1.2.3.4/120", "1.2.3.0/24", 24)]
    [InlineData("2A00:1450:4001:0:0:0:0:1", "2a00:1450:4001::1", 128)]
    [InlineData("2a00:1450:4001::1234/64", "2a00:1450:4001::/64", 64)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", 0)]
    public void TryParse_ValidInput_ReturnsCanonicalForm(string input, string canonical, int prefix)
    {
        Assert.True(BanAddress.TryParse(input, out var address));
        Assert.Equal(canonical, address.ToString());
        Assert.Equal(prefix, address.PrefixLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1.2.3.4\n")]
    [InlineData("1.2.3.4; rm -rf /")]
    [InlineData("1.2.3.4 && id")]
    [InlineData("$(id)")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("01.2.3.4")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4/33")]
    [InlineData("1.2.3.4/")]
    [InlineData("1.2.3.4/024")]
    [InlineData("1.2.3.4/-1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%25eth0")]
    [InlineData("[2a00::1]")]
    [InlineData("[2a00::1]:22")]
    [InlineData("1.2.3.4:22")]
    [InlineData("2a00::1/129")]
    [InlineData("::ffff:1.2.3.4/95")]
    [InlineData("localhost")]
    [InlineData("1.2.3.4\0")]
    public void TryParse_HostileOrMalformed_ReturnsFalse(string input)
    {
        Assert.False(BanAddress.TryParse(input, out _));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(BanAddress.TryParse((string?)null, out _));
    }

    [Fact]
    public void Contains_AddressJustInsideAndOutsideRange_Distinguishes()
    {
        var range = BanAddress.Parse("1.0.1.0/28");
        Assert.True(range.Contains(IPAddress.Parse("1.0.1.15")));
        Assert.False(range.Contains(IPAddress.Parse("1.0.1.16")));
        Assert.True(range.Contains(IPAddress.Parse("::ffff:1.0.1.3")));
    }

    [Fact]
    public void Overlaps_NestedAndDisjointBlocks_Distinguishes()
    {
        Assert.True(BanAddress.Parse("1.0.0.0/16").Overlaps(BanAddress.Parse("1.0.1.9")));
        Assert.True(BanAddress.Parse("1.0.1.9").Overlaps(BanAddress.Parse("1.0.0.0/16")));
        Assert.False(BanAddress.Parse("1.0.0.0/16").Overlaps(BanAddress.Parse("1.1.0.1")));
        Assert.False(BanAddress.Parse("1.0.0.0/16").Overlaps(BanAddress.Parse("2a00::1")));
    }

    [Fact]
    public void Equality_SameBlockDifferentText_IsEqual()
    {
        Assert.Equal(BanAddress.Parse("1.2.3.9/24"), BanAddress.Parse("1.2.3.0/24"));
        Assert.Equal(BanAddress.Parse("::ffff:1.2.3.4"), BanAddress.Parse("1.2.3.4"));
        Assert.NotEqual(BanAddress.Parse("1.2.3.0/24"), BanAddress.Parse("1.2.3.0/25"));
    }

    [Fact]
    public void TryFormat_RangeAndSingle_WritesCanonicalText()
    {
        Span<char> buffer = stackalloc char[64];
        Assert.True(BanAddress.Parse("2a00:1450::/32").TryFormat(buffer, out int written, default, null));
        Assert.Equal("2a00:1450::/32", buffer[..written].ToString());
        Assert.True(BanAddress.Parse("1.0.1.9").TryFormat(buffer, out written, default, null));
        Assert.Equal("1.0.1.9", buffer[..written].ToString());
        Assert.False(BanAddress.Parse("1.0.1.9").TryFormat(buffer[..3], out _, default, null));
    }

    [Fact]
    public void FromAddress_ScopedIPv6_DropsScope()
    {
        var scoped = new IPAddress(IPAddress.Parse("2a00::1").GetAddressBytes(), 3);
        Assert.Equal("2a00::1", BanAddress.FromAddress(scoped).ToString());
    }

    [Fact]
    public void CompareTo_SortsFamiliesThenBytesThenPrefix()
    {
        var sorted = new[] { "2a00::1", "1.0.1.0/24", "1.0.0.2", "1.0.1.0/25" }.Select(BanAddress.Parse).Order().Select(a => a.ToString());
        Assert.Equal(["1.0.0.2", "1.0.1.0/24", "1.0.1.0/25", "2a00::1"], sorted);
    }
}
