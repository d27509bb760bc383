using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Unit;

public sealed class OptionsValidatorTests
{
    private const string Pin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    [Fact]
    public void Validate_CompleteSection_HasNoProblems()
    {
        Assert.Empty(Validate(Valid()));
    }

    [Fact]
    public void Validate_EmptySection_NamesEveryRequiredKeyByFullPath()
    {
        var problems = Validate(new Dictionary<string, string?> { ["Kind"] = "fail2ban-ssh" });

        Assert.Contains(problems, p => p.StartsWith("Targets:fw:Host is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Targets:fw:User is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Targets:fw:KeyFile is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Targets:fw:HostKeySha256 is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Targets:fw:Jail is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownKey_IsAProblem()
    {
        var section = Valid();
        section["Password"] = "secret";

        Assert.Contains(Validate(section), p => p.StartsWith("Targets:fw:Password is not a known key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x; touch /tmp/pwned")]
    [InlineData("-h")]
    [InlineData("gate way")]
    [InlineData("jail$(id)")]
    [InlineData("")]
    public void Validate_JailThatIsNotOneSafeWord_IsRefused(string jail)
    {
        var section = Valid();
        section["Jail"] = jail;

        Assert.Contains(Validate(section), p => p.StartsWith("Targets:fw:Jail is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Port", "0", "Targets:fw:Port must be between 1 and 65535")]
    [InlineData("Port", "ssh", "Targets:fw:Port must be between 1 and 65535")]
    [InlineData("MaxAddressesPerCall", "1001", "Targets:fw:MaxAddressesPerCall must be between 1 and 1000")]
    [InlineData("CommandTimeout", "00:00:00.500", "Targets:fw:CommandTimeout must be a time span")]
    [InlineData("KeepAlive", "02:00:00", "Targets:fw:KeepAlive must be a time span")]
    [InlineData("AllowUnban", "yes", "Targets:fw:AllowUnban must be true or false")]
    [InlineData("HostKeySha256", "SHA256:short", "Targets:fw:HostKeySha256 'SHA256:short' is not an OpenSSH SHA-256 fingerprint")]
    [InlineData("HostKeySha256", "aa:bb:cc", "Targets:fw:HostKeySha256 'aa:bb:cc' is not")]
    [InlineData("User", "Root Admin", "Targets:fw:User is required")]
    [InlineData("Host", "bad host!", "Targets:fw:Host 'bad host!' is not a host name")]
    [InlineData("FirewallTimeZone", "Mars/Olympus", "Targets:fw:FirewallTimeZone 'Mars/Olympus' is not a known time zone")]
    public void Validate_BadValue_NamesTheKey(string key, string value, string expected)
    {
        var section = Valid();
        section[key] = value;

        Assert.Contains(Validate(section), p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoPinWithTrustOnFirstUse_IsAllowed()
    {
        var section = Valid();
        section.Remove("HostKeySha256");
        section["TrustOnFirstUse"] = "true";

        Assert.Empty(Validate(section));
    }

    [Fact]
    public void Validate_PinAndTrustOnFirstUse_AreExclusive()
    {
        var section = Valid();
        section["TrustOnFirstUse"] = "true";

        Assert.Contains(Validate(section), p => p.StartsWith("Targets:fw:TrustOnFirstUse must be false", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BothPassphraseKeys_AreExclusive()
    {
        var section = Valid();
        section["KeyPassphrase"] = "a";
        section["KeyPassphraseFile"] = "/etc/firewallgateway/pass";

        Assert.Contains(Validate(section), p => p.StartsWith("Targets:fw:KeyPassphrase and Targets:fw:KeyPassphraseFile are exclusive", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ValidSection_BindsEveryKey()
    {
        var section = Valid();
        section["MaxAddressesPerCall"] = "50";
        section["AllowUnban"] = "true";
        section["CommandTimeout"] = "00:00:05";

        var adapter = new Fail2banSshTargetKind().Create("fw", Section(section), new EmptyServices());

        Assert.Equal("fw", adapter.TargetName);
        Assert.Equal(50, adapter.MaxBatchSize);
    }

    [Theory]
    [InlineData("Jail", "gateway\n")]
    [InlineData("User", "firewallgateway\n")]
    public void Validate_NameWithTrailingNewline_IsAProblem(string key, string value)
    {
        // .NET's '$' matches before a final newline; these names reach the firewall's fail2ban-client command.
        var section = Valid();
        section[key] = value;
        Assert.Contains(Validate(section), p => p.StartsWith($"Targets:fw:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public void RemoteHosts_ConfiguredHost_IsTheOneHostTalkedTo() =>
        Assert.Equal(["fw1.example.net"], new Fail2banSshTargetKind().RemoteHosts(Section(Valid())));

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Kind"] = "fail2ban-ssh",
        ["Host"] = "fw1.example.net",
        ["Port"] = "2222",
        ["User"] = "firewallgateway",
        ["KeyFile"] = "/etc/firewallgateway/id_ed25519",
        ["HostKeySha256"] = Pin,
        ["Jail"] = "gateway",
    };

    private static IReadOnlyList<string> Validate(Dictionary<string, string?> values) => new Fail2banSshTargetKind().Validate(Section(values));

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(kv => new KeyValuePair<string, string?>("Targets:fw:" + kv.Key, kv.Value)))
            .Build()
            .GetSection("Targets:fw");

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
