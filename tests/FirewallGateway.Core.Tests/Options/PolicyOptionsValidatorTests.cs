using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Tests.Options;

public sealed class PolicyOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new PolicyOptionsValidator().Validate(null, new PolicyOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    [InlineData(24)]
    public void Validate_IPv6BanPrefixOutOfRangeOrWiderThanMinimum_NamesTheKey(int prefix)
    {
        var result = new PolicyOptionsValidator().Validate(null, new PolicyOptions { IPv6BanPrefix = prefix });

        Assert.False(result.Succeeded);
        Assert.Contains("Policy:IPv6BanPrefix", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_CorroboratingReportersOutOfRange_NamesTheKey(int reporters)
    {
        var result = new PolicyOptionsValidator().Validate(null, new PolicyOptions { CorroboratingReporters = reporters });

        Assert.False(result.Succeeded);
        Assert.Contains("Policy:CorroboratingReporters", result.FailureMessage, StringComparison.Ordinal);
    }
}
