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

    [Theory]
    [InlineData(4, 15, 8, "Policy:RangeFolding:IPv4Prefix")]
    [InlineData(4, 32, 8, "Policy:RangeFolding:IPv4Prefix")]
    [InlineData(4, 24, 1, "Policy:RangeFolding:IPv4MinAddresses")]
    [InlineData(4, 28, 17, "Policy:RangeFolding:IPv4MinAddresses")]
    [InlineData(6, 24, 4, "Policy:RangeFolding:IPv6Prefix")]
    [InlineData(6, 128, 4, "Policy:RangeFolding:IPv6Prefix")]
    [InlineData(6, 64, 1, "Policy:RangeFolding:IPv6MinAddresses")]
    [InlineData(6, 126, 5, "Policy:RangeFolding:IPv6MinAddresses")]
    public void Validate_RangeFoldingOutOfRange_NamesTheKey(int family, int prefix, int minAddresses, string key)
    {
        var options = new PolicyOptions();
        if (family == 4)
        {
            options.RangeFolding.IPv4Prefix = prefix;
            options.RangeFolding.IPv4MinAddresses = minAddresses;
        }
        else
        {
            options.RangeFolding.IPv6Prefix = prefix;
            options.RangeFolding.IPv6MinAddresses = minAddresses;
        }

        var result = new PolicyOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RangeFoldingEmptyTargetName_NamesTheKey()
    {
        var options = new PolicyOptions();
        options.RangeFolding.Targets.Add(" ");

        var result = new PolicyOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains("Policy:RangeFolding:Targets:0", result.FailureMessage, StringComparison.Ordinal);
    }
}
