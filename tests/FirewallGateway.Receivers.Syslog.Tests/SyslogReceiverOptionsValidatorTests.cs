namespace FirewallGateway.Receivers.Syslog.Tests;

public sealed class SyslogReceiverOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SyslogReceiverOptionsValidator().Validate(null, new SyslogReceiverOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEveryFullKey()
    {
        var options = new SyslogReceiverOptions
        {
            Udp = new SyslogEndpointOptions { Address = "localhost", Port = 70_000 },
            AllowedSenders = ["10.0.0.0/8", "not-an-address"],
            MaxMessageBytes = 10,
        };
        options.Rules["vpn"] = new SyslogRuleOptions { Pattern = "(", MaxRetry = 0 };

        var result = new SyslogReceiverOptionsValidator().Validate(null, options);

        string message = result.FailureMessage ?? string.Empty;
        Assert.Contains("Receivers:Syslog:Udp:Address", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:Syslog:Udp:Port", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:Syslog:AllowedSenders:1", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:Syslog:MaxMessageBytes", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:Syslog:Rules:vpn:MaxRetry", message, StringComparison.Ordinal);
        Assert.Contains("Receivers:Syslog:Rules:vpn:Pattern", message, StringComparison.Ordinal);
    }
}
