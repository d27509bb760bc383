namespace FirewallGateway.Snmp.Tests;

public sealed class OidTests
{
    [Theory]
    [InlineData("1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.3.0")]
    [InlineData(".1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.5.0")]
    [InlineData("0.0", "0.0")]
    [InlineData("2.999.4294967295", "2.999.4294967295")]
    public void Parse_ValidText_FormatsBackCanonically(string text, string expected)
    {
        Assert.Equal(expected, Oid.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.3.")]
    [InlineData("1..3")]
    [InlineData("3.1")]
    [InlineData("1.40")]
    [InlineData("1.3.-6")]
    [InlineData("1.3. 6")]
    [InlineData("1.3.+6")]
    [InlineData("1.3.4294967296")]
    [InlineData("iso.org")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(Oid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Oid.Parse(text));
    }

    [Fact]
    public void TryParse_129Components_ReturnsFalse()
    {
        string tooLong = "1.3" + string.Concat(Enumerable.Repeat(".1", 127));
        string longest = "1.3" + string.Concat(Enumerable.Repeat(".1", 126));
        Assert.False(Oid.TryParse(tooLong, out _));
        Assert.True(Oid.TryParse(longest, out Oid oid));
        Assert.Equal(Oid.MaxComponents, oid.Length);
    }

    [Fact]
    public void StartsWith_PrefixAndSibling_OnlyPrefixMatches()
    {
        Oid system = Oid.Parse("1.3.6.1.2.1.1");
        Assert.True(Oid.Parse("1.3.6.1.2.1.1.3.0").StartsWith(system));
        Assert.True(system.StartsWith(system));
        Assert.False(Oid.Parse("1.3.6.1.2.1.10").StartsWith(system));
        Assert.False(Oid.Parse("1.3.6.1.2.1").StartsWith(system));
    }

    [Fact]
    public void EqualsAndCompare_FollowComponentsNotText()
    {
        Assert.Equal(Oid.Parse(".1.3.6"), Oid.Parse("1.3.6"));
        Assert.Equal(Oid.Parse("1.3.6").GetHashCode(), Oid.Parse(".1.3.6").GetHashCode());
        Assert.True(Oid.Parse("1.3.6.1.2") < Oid.Parse("1.3.6.1.10"));
        Assert.True(Oid.Parse("1.3.6.1") < Oid.Parse("1.3.6.1.0"));
        Assert.Equal(Oid.Parse("1.3.6.1.2.1.1.3.0"), Oid.Parse("1.3.6.1.2.1.1.3").Append(0));
    }
}
