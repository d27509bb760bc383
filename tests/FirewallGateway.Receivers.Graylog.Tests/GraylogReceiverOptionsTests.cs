using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Receivers.Graylog.Tests;

/// <summary>Bad configuration stops the gateway with a message naming the full key.</summary>
public sealed class GraylogReceiverOptionsTests
{
    [Theory]
    [InlineData("Receivers:Graylog:MaxBodyBytes", "10", "Receivers:Graylog:MaxBodyBytes")]
    [InlineData("Receivers:Graylog:MaxAddressesPerNotification", "0", "Receivers:Graylog:MaxAddressesPerNotification")]
    [InlineData("Receivers:Graylog:AddressFields:0", "gl2_remote_ip", "Receivers:Graylog:AddressFields:0")]
    [InlineData("Receivers:Graylog:MessagePattern", "(?<=from )\\S+", "Receivers:Graylog:MessagePattern")]
    [InlineData("Receivers:Graylog:ApiKeys:0:Secret", "short", "Receivers:Graylog:ApiKeys:0:Secret")]
    [InlineData("Receivers:Graylog:PathTokens:0:Secret", "short", "Receivers:Graylog:PathTokens:0:Secret")]
    [InlineData("Receivers:Graylog:ApiKeyHeader", "X API Key", "Receivers:Graylog:ApiKeyHeader")]
    public void Options_InvalidValue_FailsNamingFullKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.Contains(":Secret", StringComparison.Ordinal))
        {
            settings[key.Replace(":Secret", ":Name", StringComparison.Ordinal)] = "graylog";
        }

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));
        Assert.Contains(expected, string.Join('\n', error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_UnknownKey_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new Dictionary<string, string?> { ["Receivers:Graylog:AdressFields:0"] = "x" }));
        Assert.Contains("AdressFields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AllowRangesNotABoolean_FailsNamingFullKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new Dictionary<string, string?> { ["Receivers:Graylog:AllowRanges"] = "sometimes" }));
        Assert.Contains("Receivers:Graylog:AllowRanges", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreValidAndReadDocumentedFields()
    {
        var options = Resolve(new Dictionary<string, string?>());
        Assert.False(options.AllowRanges);
        Assert.Equal(["src_ip", "source_ip", "client_ip", "remote_addr"], options.EffectiveAddressFields);
        Assert.Equal(1_048_576, options.MaxBodyBytes);
        Assert.Equal(100, options.MaxAddressesPerNotification);
    }

    [Fact]
    public void Options_ConfiguredFields_ReplaceDefaults()
    {
        var options = Resolve(new Dictionary<string, string?> { ["Receivers:Graylog:AddressFields:0"] = "attacker" });
        Assert.Equal(["attacker"], options.EffectiveAddressFields);
    }

    private static GraylogReceiverOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddGraylogReceiver(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GraylogReceiverOptions>>().Value;
    }
}
