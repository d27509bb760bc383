using System.Net;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Tests.Addresses;

public sealed class AddressSpanTests
{
    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4", "1.2.3.4")]
    [InlineData("10.0.0.0/8", "10.0.0.0", "10.255.255.255")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2a00:1450::7", "2a00:1450::7", "2a00:1450::7")]
    public void Of_Block_FirstAndLastAddress(string block, string first, string last)
    {
        var span = AddressSpan.Of(BanAddress.Parse(block));

        Assert.Equal(Number(first), span.First);
        Assert.Equal(Number(last), span.Last);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("10.0.0.0/8", "0.0.0.0/0", true)]
    [InlineData("1.0.4.0/22", "1.0.7.0/24", true)]
    [InlineData("1.0.4.0/22", "1.0.8.0/24", false)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("::/0", "1.2.3.4", false)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("::/128", "0.0.0.0/8", false)]
    public void Overlaps_Pairs_AsTheBlocksDo(string a, string b, bool expected)
    {
        var left = AddressSpan.Of(BanAddress.Parse(a));
        var right = AddressSpan.Of(BanAddress.Parse(b));

        Assert.Equal(expected, left.Overlaps(right));
        Assert.Equal(expected, right.Overlaps(left));
    }

    [Fact]
    public void Overlaps_RandomBlocks_AgreesWithBanAddressOverlaps()
    {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            var a = RandomBlock(random);
            var b = RandomBlock(random);
            Assert.True(
                AddressSpan.Of(a).Overlaps(AddressSpan.Of(b)) == a.Overlaps(b),
                $"{a} vs {b}");
        }
    }

    [Fact]
    public void Covers_InsideAndPartlyOutside()
    {
        var block = AddressSpan.Of(BanAddress.Parse("2000::/3"));

        Assert.True(block.Covers(AddressSpan.Of(BanAddress.Parse("2a00:1450::/32"))));
        Assert.False(block.Covers(AddressSpan.Of(BanAddress.Parse("::/0"))));
        Assert.False(block.Covers(AddressSpan.Of(BanAddress.Parse("4000::1"))));
    }

    private static BanAddress RandomBlock(Random random)
    {
        // Few distinct high bits so that overlaps are frequent, in both families.
        if (random.Next(2) == 0)
        {
            var bytes = new byte[] { (byte)random.Next(1, 3), (byte)random.Next(4), (byte)random.Next(256), (byte)random.Next(256) };
            Assert.True(BanAddress.TryCreate(new IPAddress(bytes), random.Next(0, 33), out var v4));
            return v4;
        }

        var v6bytes = new byte[16];
        random.NextBytes(v6bytes);
        v6bytes[0] = 0x2a;
        v6bytes[1] = (byte)random.Next(2);
        Assert.True(BanAddress.TryCreate(new IPAddress(v6bytes), random.Next(0, 129), out var v6));
        return v6;
    }

    private static UInt128 Number(string address)
    {
        byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
        UInt128 value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
