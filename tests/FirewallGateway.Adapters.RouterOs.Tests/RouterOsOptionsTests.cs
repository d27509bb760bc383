using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Adapters.RouterOs.Tests;

public sealed class RouterOsOptionsTests
{
    private readonly RouterOsAdapterKind _kind = new();

    [Fact]
    public void Validate_CommentPrefixWithTrailingNewline_IsAProblem()
    {
        // .NET's '$' matches before a final newline; the prefix is written into every entry's comment on the router.
        var problems = _kind.Validate(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["CommentPrefix"] = "fgw\n" }));
        Assert.Contains(problems, p => p.Contains("CommentPrefix", StringComparison.Ordinal));
    }

    [Fact]
    public void RemoteHosts_ConfiguredHost_IsTheRouter() =>
        Assert.Equal(["router.lan"], _kind.RemoteHosts(Section(new() { ["Host"] = "router.lan", ["User"] = "u", ["Password"] = "p" })));

    [Fact]
    public void Validate_MinimalSection_HasNoProblems()
    {
        Assert.Empty(_kind.Validate(Section(new() { ["Host"] = "10.1.1.1", ["User"] = "fgw", ["Password"] = "x" })));
    }

    [Fact]
    public void Validate_Defaults_ApiSslOn8729WithCertificateCheckingListsAndTimeouts()
    {
        var options = RouterOsOptionsReader.Read(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p" }), []);
        var endpoint = RouterOsAdapterKind.Endpoint("Targets:edge", options);
        Assert.Equal(8729, endpoint.Port);
        Assert.Equal("Blocked address", options.List4);
        Assert.Equal("Blocked address", options.List6);
        Assert.Equal(TimeSpan.FromSeconds(21_474_836), options.MaxTimeout);
        Assert.True(endpoint.Tls);
        Assert.Null(endpoint.CertificateFingerprint); // no pin: CA chain and host name are checked
        var plain = RouterOsOptionsReader.Read(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["Tls"] = "false" }), []);
        Assert.Equal(8728, RouterOsAdapterKind.Endpoint("Targets:edge", plain).Port);
    }

    [Fact]
    public void Validate_UnknownKey_NamesFullPath()
    {
        var problems = _kind.Validate(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["Adress"] = "x" }));
        Assert.Contains(problems, p => p.StartsWith("Targets:edge:Adress is not a known key", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryBadValue_ReportedAtOnceWithItsKey()
    {
        var problems = _kind.Validate(Section(new()
        {
            ["Port"] = "70000",
            ["Tls"] = "maybe",
            ["CertificateFingerprint"] = "abc",
            ["List4"] = "",
            ["MaxTimeout"] = "400.00:00:00",
            ["ConnectTimeout"] = "soon",
            ["ReadTimeout"] = "00:00:00.010",
            ["MaxBatchSize"] = "0",
            ["PipelineDepth"] = "x",
            ["CommentPrefix"] = "has space",
        }));
        string all = string.Join("\n", problems);
        foreach (string key in new[] { "Host", "Port", "Tls", "User", "Password", "List4", "MaxTimeout", "ConnectTimeout", "ReadTimeout", "MaxBatchSize", "PipelineDepth", "CommentPrefix" })
        {
            Assert.Contains($"Targets:edge:{key} ", all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_FingerprintWithoutTls_IsAProblem()
    {
        var problems = _kind.Validate(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["Tls"] = "false", ["CertificateFingerprint"] = new string('a', 64) }));
        Assert.Contains(problems, p => p.StartsWith("Targets:edge:Tls must be true", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PasswordAndPasswordFile_IsAProblem()
    {
        var problems = _kind.Validate(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["PasswordFile"] = "/x" }));
        Assert.Contains(problems, p => p.Contains("exactly one", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ColonFingerprint_Accepted()
    {
        string pin = string.Join(':', Enumerable.Repeat("AB", 32));
        Assert.Empty(_kind.Validate(Section(new() { ["Host"] = "r1", ["User"] = "u", ["Password"] = "p", ["Tls"] = "true", ["CertificateFingerprint"] = pin })));
    }

    [Fact]
    public void Create_PasswordFile_ReadsFirstLine()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret\nignored\n");
            var options = RouterOsOptionsReader.Read(Section(new() { ["Host"] = "r1", ["User"] = "u", ["PasswordFile"] = file }), []);
            Assert.Equal("s3cret", RouterOsAdapterKind.Endpoint("Targets:edge", options).Password);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static IConfigurationSection Section(Dictionary<string, string?> values)
    {
        var prefixed = values.ToDictionary(p => "Targets:edge:" + p.Key, p => p.Value);
        prefixed["Targets:edge:Kind"] = "routeros";
        return new ConfigurationBuilder().AddInMemoryCollection(prefixed).Build().GetSection("Targets:edge");
    }
}
