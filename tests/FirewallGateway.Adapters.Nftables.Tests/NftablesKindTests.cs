namespace FirewallGateway.Adapters.Nftables.Tests;

public class NftablesKindTests
{
    private readonly NftablesKind _kind = new();

    [Fact]
    public void Validate_OnlyKind_NoProblemsAndDocumentedDefaults()
    {
        var section = TestTargets.Section("local");
        var problems = new List<string>();

        var options = NftablesOptionsReader.Read(section, problems);

        Assert.Empty(_kind.Validate(section));
        Assert.Empty(problems);
        Assert.Equal(("inet", "firewallgateway", "banned4", "banned6"), (options.Family, options.Table, options.Set4, options.Set6));
        Assert.Equal(("banned4_net", "banned6_net"), (options.RangeSet4, options.RangeSet6));
        Assert.Null(options.NetworkNamespace);
        Assert.False(options.CreateIfMissing);
        Assert.Equal(5000, options.MaxBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CommandTimeout);
    }

    [Theory]
    [InlineData("Table", "gw\n")]
    [InlineData("Set4", "bad4\n")]
    [InlineData("NetworkNamespace", "fw-1\n")]
    public void Validate_NameWithTrailingNewline_Problem(string key, string value)
    {
        // .NET's '$' matches before a final newline; these names are written into nft scripts and ip arguments.
        Assert.Contains(_kind.Validate(TestTargets.Section("edge", (key, value))), p => p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void RemoteHosts_LocalTarget_None() => Assert.Empty(_kind.RemoteHosts(TestTargets.Section("local")));

    [Fact]
    public void Validate_EveryKeySet_ReadAsGiven()
    {
        var section = TestTargets.Section(
            "edge",
            ("Family", "ip"), ("Table", "gw"), ("Set4", "bad4"), ("Set6", "bad6"), ("NetworkNamespace", "fw-1"),
            ("NftPath", "/sbin/nft"), ("IpPath", "/sbin/ip"), ("CreateIfMissing", "true"), ("DropForward", "true"),
            ("MaxBatchSize", "200"), ("CommandTimeout", "00:00:05"));
        var problems = new List<string>();

        var options = NftablesOptionsReader.Read(section, problems);

        Assert.Empty(problems);
        Assert.Equal(("ip", "gw", "bad4", "bad6", "fw-1"), (options.Family, options.Table, options.Set4, options.Set6, options.NetworkNamespace));
        Assert.Equal(("/sbin/nft", "/sbin/ip", true, true), (options.NftPath, options.IpPath, options.CreateIfMissing, options.DropForward));
        Assert.Equal((200, TimeSpan.FromSeconds(5)), (options.MaxBatchSize, options.CommandTimeout));
    }

    [Theory]
    [InlineData("Set4", "bad set", "Targets:local:Set4 'bad set' must be")]
    [InlineData("Set4", "x;flush ruleset", "Targets:local:Set4 'x;flush ruleset' must be")]
    [InlineData("Set6", "1abc", "Targets:local:Set6 '1abc' must be")]
    [InlineData("RangeSet4", "a b", "Targets:local:RangeSet4 'a b' must be")]
    [InlineData("RangeSet6", "x}", "Targets:local:RangeSet6 'x}' must be")]
    [InlineData("RangeSet6", "fgw_probe", "Targets:local:RangeSet6 'fgw_probe' is reserved")]
    [InlineData("Table", "", "Targets:local:Table '' must be")]
    [InlineData("Table", "a-b", "Targets:local:Table 'a-b' must be")]
    [InlineData("Family", "arp", "Targets:local:Family 'arp' must be one of inet, ip, ip6")]
    [InlineData("NetworkNamespace", "../etc", "Targets:local:NetworkNamespace '../etc' must be")]
    [InlineData("NetworkNamespace", "ns x", "Targets:local:NetworkNamespace 'ns x' must be")]
    [InlineData("NftPath", "nft", "Targets:local:NftPath 'nft' must be an absolute path")]
    [InlineData("MaxBatchSize", "0", "Targets:local:MaxBatchSize '0' must be a whole number between 1 and 100000")]
    [InlineData("MaxBatchSize", "100001", "Targets:local:MaxBatchSize '100001' must be")]
    [InlineData("MaxBatchSize", "ten", "Targets:local:MaxBatchSize 'ten' must be")]
    [InlineData("CommandTimeout", "00:00:00.5", "Targets:local:CommandTimeout '00:00:00.5' must be a time span between")]
    [InlineData("CommandTimeout", "soon", "Targets:local:CommandTimeout 'soon' must be")]
    [InlineData("CreateIfMissing", "yes", "Targets:local:CreateIfMissing 'yes' must be true or false")]
    [InlineData("Port", "22", "Targets:local:Port is not a known key for kind nftables")]
    [InlineData("Set5", "b5", "Targets:local:Set5 is not a known key")]
    public void Validate_BadValue_OneProblemNamingTheFullKey(string key, string value, string expected)
    {
        var problems = _kind.Validate(TestTargets.Section("local", (key, value)));

        string problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameNameForBothSets_Problem()
    {
        var problems = _kind.Validate(TestTargets.Section("local", ("Set4", "b"), ("Set6", "b")));

        Assert.Equal("Targets:local:Set6 'b' is already used by Targets:local:Set4", Assert.Single(problems));
    }

    [Fact]
    public void Validate_RangeSetNamedLikeTheDefaultSingleSet_Problem()
    {
        var problems = _kind.Validate(TestTargets.Section("local", ("RangeSet4", "banned4")));

        Assert.Equal("Targets:local:RangeSet4 'banned4' is already used by Targets:local:Set4", Assert.Single(problems));
    }

    [Fact]
    public void Validate_DropForwardWithoutCreate_Problem()
    {
        var problems = _kind.Validate(TestTargets.Section("local", ("DropForward", "true")));

        Assert.StartsWith("Targets:local:DropForward needs Targets:local:CreateIfMissing = true", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_AllReportedAtOnce()
    {
        var problems = _kind.Validate(TestTargets.Section("local", ("Table", "x y"), ("MaxBatchSize", "-1"), ("Colour", "red")));

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Create_ValidSection_AdapterNamedAfterTarget()
    {
        var adapter = _kind.Create("local", TestTargets.Section("local", ("MaxBatchSize", "77")), new EmptyServices());

        Assert.Equal(("local", 77), (adapter.TargetName, adapter.MaxBatchSize));
    }

    [Fact]
    public void AddNftablesTargetKind_Twice_OneKindRegistered()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        services.AddNftablesTargetKind().AddNftablesTargetKind();

        Assert.Single(services, d => d.ServiceType == typeof(Core.Enforcement.IFirewallAdapterKind));
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
