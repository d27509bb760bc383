using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Filtering;

public class ProtectedAddressFilterTests
{
    private readonly AddressFilter _filter = new(
        Microsoft.Extensions.Options.Options.Create(new PolicyOptions()),
        new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero)));

    public ProtectedAddressFilterTests()
    {
        _filter.ReplaceProtected(
        [
            new ProtectedAddress(BanAddress.Parse("1.0.3.4"), "target 'edge' host 1.0.3.4"),
            new ProtectedAddress(BanAddress.Parse("2a00:1450:4001::7"), "PostgreSQL host db.lan (2a00:1450:4001::7)"),
        ]);
    }

    [Fact]
    public void Check_ProtectedAddress_RefusedNamingIt()
    {
        var verdict = _filter.Check(BanAddress.Parse("1.0.3.4"));
        Assert.NotNull(verdict);
        Assert.Equal("protected", verdict.Code);
        Assert.StartsWith("1.0.3.4 is target 'edge' host 1.0.3.4", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.0.0/16")]
    [InlineData("1.0.3.0/24")]
    [InlineData("1.0.3.4/31")]
    public void Check_BlockCoveringProtectedAddress_RefusedAsCovering(string block)
    {
        var verdict = _filter.Check(BanAddress.Parse(block));
        Assert.NotNull(verdict);
        Assert.Equal("protected", verdict.Code);
        Assert.StartsWith($"{block} covers target 'edge' host 1.0.3.4", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IPv6BlockCoveringProtectedHost_Refused()
    {
        var verdict = _filter.Check(BanAddress.Parse("2a00:1450:4001::/48"));
        Assert.Equal("protected", verdict?.Code);
        Assert.Contains("PostgreSQL host db.lan", verdict!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.3.5")]
    [InlineData("1.0.2.0/24")]
    [InlineData("2a00:1450:4002::/48")]
    public void Check_NeighbourNotCoveringAnything_Allowed(string address) => Assert.Null(_filter.Check(BanAddress.Parse(address)));

    [Fact]
    public void ReplaceProtected_NewSet_OldAddressesBannableAgain()
    {
        _filter.ReplaceProtected([new ProtectedAddress(BanAddress.Parse("1.0.7.7"), "SMTP relay 1.0.7.7")]);
        Assert.Null(_filter.Check(BanAddress.Parse("1.0.3.4")));
        Assert.Equal("protected", _filter.Check(BanAddress.Parse("1.0.7.0/24"))?.Code);
        Assert.Single(_filter.Protected);
    }
}
