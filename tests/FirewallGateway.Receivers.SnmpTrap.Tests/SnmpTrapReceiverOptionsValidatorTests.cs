namespace FirewallGateway.Receivers.SnmpTrap.Tests;

public sealed class SnmpTrapReceiverOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SnmpTrapReceiverOptionsValidator().Validate(null, new SnmpTrapReceiverOptions()).Succeeded);
    }

    [Fact]
    public void Validate_AWorkingSection_Succeeds()
    {
        var options = Working();

        var result = new SnmpTrapReceiverOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadValues_NameEveryFullKey()
    {
        var options = Working();
        options.Listen = "localhost:162";
        options.AllowedSenders = ["10.0.0.0/8", "not-an-address"];
        options.EngineId = "80zz";
        options.Users.Add(new SnmpTrapUserOptions { Name = "ips", AuthProtocol = "MD5", AuthPassword = "short", PrivProtocol = "DES", EngineId = "0x80" });
        options.Users.Add(new SnmpTrapUserOptions { Name = "nopriv", AuthPassword = "long enough", PrivProtocol = "AES" });
        options.Rules["ids"] = new SnmpTrapRuleOptions { TrapOid = "1.3.6.x", AddressOid = null, MaxRetry = 0 };

        string message = new SnmpTrapReceiverOptionsValidator().Validate(null, options).FailureMessage ?? string.Empty;

        Assert.Contains("Receivers:SnmpTrap:Listen", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:AllowedSenders:1", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:EngineId", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Users:1:AuthProtocol", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Users:1:AuthPassword", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Users:1:PrivProtocol", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Users:1:EngineId", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Users:2:PrivPassword", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Rules:ids:TrapOid", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Rules:ids:AddressOid", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:SnmpTrap:Rules:ids:MaxRetry", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledWithoutCommunitiesOrUsers_SaysEveryTrapWouldBeRefused()
    {
        var options = Working();
        options.Communities.Clear();
        options.Users.Clear();

        string message = new SnmpTrapReceiverOptionsValidator().Validate(null, options).FailureMessage ?? string.Empty;

        Assert.Contains("Receivers:SnmpTrap:Communities and Receivers:SnmpTrap:Users are both empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledWithoutRules_SaysNoTrapCouldNameAnAddress()
    {
        var options = Working();
        options.Rules.Clear();

        string message = new SnmpTrapReceiverOptionsValidator().Validate(null, options).FailureMessage ?? string.Empty;

        Assert.Contains("Receivers:SnmpTrap:Rules has no enabled rule", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameUserTwiceForOneEngine_IsRefused()
    {
        var options = Working();
        options.Users.Add(new SnmpTrapUserOptions { Name = "ips", AuthPassword = "another one", PrivPassword = "privpass123", EngineId = "80:00:00:00:01:02:03:04" });

        string message = new SnmpTrapReceiverOptionsValidator().Validate(null, options).FailureMessage ?? string.Empty;

        Assert.Contains("Receivers:SnmpTrap:Users:1: user 'ips' is listed twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[::]:162", "::", 162)]
    [InlineData("0.0.0.0:162", "0.0.0.0", 162)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("[::1]:1162", "::1", 1162)]
    public void ToEndPoint_AddressAndPort_Parse(string listen, string address, int port)
    {
        var endPoint = SnmpTrapReceiverOptionsValidator.ToEndPoint(listen);

        Assert.NotNull(endPoint);
        Assert.Equal(address, endPoint.Address.ToString());
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("::1:162")]
    [InlineData("127.0.0.1")]
    [InlineData("[127.0.0.1]:162")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("")]
    public void ToEndPoint_AmbiguousOrIncomplete_IsRefused(string listen)
    {
        Assert.Null(SnmpTrapReceiverOptionsValidator.ToEndPoint(listen));
    }

    private static SnmpTrapReceiverOptions Working()
    {
        var options = new SnmpTrapReceiverOptions
        {
            Enabled = true,
            Listen = "127.0.0.1:1162",
            Communities = ["traps"],
            Users = [new SnmpTrapUserOptions { Name = "ips", AuthPassword = "authpass123", PrivPassword = "privpass123", EngineId = "0x8000000001020304" }],
        };
        options.Rules["ips-attack"] = new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.*", AddressOid = "1.3.6.1.4.1.99999.1.1" };
        return options;
    }
}
