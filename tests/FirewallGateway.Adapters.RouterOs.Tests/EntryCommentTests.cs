using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.RouterOs.Tests;

public sealed class EntryCommentTests
{
    private readonly EntryComment _comments = new("fgw");

    [Fact]
    public void For_DecisionId_PrefixDecisionId()
    {
        Assert.Equal("fgw:decision:42", _comments.For(42));
        Assert.True(_comments.IsOwned(_comments.For(42), out long id));
        Assert.Equal(42, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fgw")]
    [InlineData("fgw:manual")]
    [InlineData("fgw:decision:")]
    [InlineData("fgw:decision:12x")]
    [InlineData("fgw:decision:-1")]
    [InlineData("fgw:decision:99999999999999999999")]
    [InlineData("FGW:decision:1")]
    [InlineData("xfgw:decision:1")]
    [InlineData("fgw:graylog:ssh-bruteforce")]
    public void IsOwned_AnythingButTheExactForm_NotOwned(string? comment)
    {
        Assert.False(_comments.IsOwned(comment, out _));
    }

    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("2a00:1450::7", "2a00:1450::7/128")]
    [InlineData("2a00:1450::/32", "2a00:1450::/32")]
    public void Text_Address_AsRouterOsStoresIt(string address, string expected)
    {
        Assert.Equal(expected, AddressLists.Text(BanAddress.Parse(address)));
    }
}
