using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

public sealed class RuleSetBuilderTests
{
    [Fact]
    public void BuiltInRules_Example_MatchesItsOwnPatternWithAnAddress()
    {
        // The examples are what BuiltInRules.WarmUp runs before the first timed match of a process.
        foreach (var rule in BuiltInRules.All)
        {
            var match = rule.Pattern.Match(rule.Example);
            Assert.True(match.Success && match.Groups["address"].Value == "1.0.0.1", rule.Name);
            if (rule.Connections is { } connections)
            {
                Assert.Equal("1.0.0.1", connections.Pattern.Match(connections.Example).Groups["address"].Value);
            }
        }
    }

    [Fact]
    public void Build_NoConfiguration_HasEveryBuiltInRule()
    {
        var errors = new List<string>();
        var rules = RuleSetBuilder.Build(new SyslogReceiverOptions(), errors);
        Assert.Empty(errors);
        Assert.Equal(
            ["sshd", "sshd-pam", "mikrotik-login", "mikrotik-ipsec", "postfix-sasl", "postfix-reject", "dovecot", "dovecot-pam", "nginx-basic-auth"],
            rules.Select(r => r.Name));
    }

    [Fact]
    public void Build_BadPattern_ErrorNamesTheRuleKey()
    {
        var options = Options(("vpn", new SyslogRuleOptions { Pattern = "auth failed from (?<address>[0-9.+" }));
        var errors = new List<string>();
        RuleSetBuilder.Build(options, errors);
        Assert.Contains(errors, e => e.StartsWith("Receivers:Syslog:Rules:vpn:Pattern", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PatternNeedingBacktracking_IsRefusedByTheNonBacktrackingEngine()
    {
        var options = Options(("look", new SyslogRuleOptions { Pattern = "(?<=x)fail from <HOST>" }));
        var errors = new List<string>();
        RuleSetBuilder.Build(options, errors);
        Assert.Contains(errors, e => e.StartsWith("Receivers:Syslog:Rules:look:Pattern", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PatternWithoutAddressGroup_IsRefused()
    {
        var options = Options(("noaddr", new SyslogRuleOptions { Pattern = "auth failed" }));
        var errors = new List<string>();
        RuleSetBuilder.Build(options, errors);
        Assert.Contains(errors, e => e.Contains("Rules:noaddr:Pattern must capture", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PatternOnBuiltInName_IsRefused()
    {
        var errors = new List<string>();
        RuleSetBuilder.Build(Options(("sshd", new SyslogRuleOptions { Pattern = "x <HOST>" })), errors);
        Assert.Contains(errors, e => e.StartsWith("Receivers:Syslog:Rules:sshd:Pattern", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_BuiltInDisabledAndTuned_DropsOneAndTunesTheOther()
    {
        var rules = RuleSetBuilder.Build(
            Options(("nginx-basic-auth", new SyslogRuleOptions { Enabled = false }), ("sshd", new SyslogRuleOptions { MaxRetry = 3, BanTime = TimeSpan.FromHours(1) })),
            []);
        Assert.DoesNotContain(rules, r => r.Name == "nginx-basic-auth");
        var sshd = rules.Single(r => r.Name == "sshd");
        Assert.Equal(3, sshd.MaxRetry);
        Assert.Equal(TimeSpan.FromHours(1), sshd.BanTime);
    }

    [Fact]
    public void Process_OperatorRuleWithHostTokenProgramsAndPrefilter_MatchesOnlyItsProgram()
    {
        var options = Options(("openvpn", new SyslogRuleOptions
        {
            Pattern = "^<HOST>:\\d+ TLS Auth Error: Auth Username/Password verification failed for peer$",
            Programs = ["openvpn"],
            Prefilter = ["TLS Auth Error"],
            MaxRetry = 2,
        }));
        var engine = new DetectionEngine(RuleSetBuilder.Build(options, []), 100);
        var matches = new List<RuleMatch>();
        const string Text = "1.0.8.1:5555 TLS Auth Error: Auth Username/Password verification failed for peer";

        Assert.True(SyslogParser.TryParse("<13>Jun 12 08:15:02 vpn openvpn[1]: " + Text, true, out var first, out _));
        engine.Process(first, DateTimeOffset.UnixEpoch, matches);
        Assert.True(SyslogParser.TryParse("<13>Jun 12 08:15:02 vpn other[1]: " + Text, true, out var other, out _));
        engine.Process(other, DateTimeOffset.UnixEpoch, matches);
        Assert.True(SyslogParser.TryParse("<13>Jun 12 08:15:03 vpn openvpn[1]: " + Text, true, out var second, out _));
        engine.Process(second, DateTimeOffset.UnixEpoch, matches);

        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Equal("1.0.8.1", m.Address.ToString()));
        Assert.Equal([0, 2], matches.Select(m => m.Failures));
    }

    private static SyslogReceiverOptions Options(params (string Name, SyslogRuleOptions Rule)[] rules)
    {
        var options = new SyslogReceiverOptions();
        foreach (var (name, rule) in rules)
        {
            options.Rules[name] = rule;
        }

        return options;
    }
}
