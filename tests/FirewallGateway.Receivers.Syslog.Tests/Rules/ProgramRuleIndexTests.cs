using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

public sealed class ProgramRuleIndexTests
{
    private static readonly DetectionRule[] Rules = [.. RuleSetBuilder.Build(new SyslogReceiverOptions(), [])];

    [Theory]
    [InlineData("sshd", "")]
    [InlineData("sshd-session", "")]
    [InlineData("postfix/smtpd", "")]
    [InlineData("nginx", "")]
    [InlineData("", "")]
    [InlineData("", "system,error,critical")]
    [InlineData("", "ipsec,error")]
    [InlineData("cron", "")]
    public void RulesFor_GivesWhatEachRuleSays_AlsoWhenRemembered(string program, string topics)
    {
        var index = new ProgramRuleIndex(Rules);
        bool[] expected = [.. Rules.Select(r => r.AppliesTo(program, topics))];
        Assert.Equal(expected, index.RulesFor(program, topics));
        Assert.Equal(expected, index.RulesFor(program, topics));
    }

    [Fact]
    public void RulesFor_AFloodOfProgramNames_StaysBounded()
    {
        var index = new ProgramRuleIndex(Rules);
        for (int i = 0; i < ProgramRuleIndex.Capacity * 3; i++)
        {
            index.RulesFor($"prog{i}", default);
        }

        Assert.InRange(index.Count, 1, ProgramRuleIndex.Capacity);
        Assert.Contains(true, index.RulesFor("sshd", default));
    }
}
