using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

/// <summary>Every line of Golden/matches.txt through the parser and the built-in rules.</summary>
public sealed class GoldenRuleTests
{
    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (string line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Golden", "matches.txt")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split('|', 4);
            data.Add(parts[0], parts[1], parts[2], parts[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_GoldenLine_MatchesExpectedRuleAddressAndUser(string rule, string address, string user, string line)
    {
        // Both ways the engine runs a pattern: on a copy of the message text (the listeners) and in place on the
        // line it was parsed from (rules test); anchors and \b must behave the same in both.
        foreach (bool inPlace in new[] { false, true })
        {
            var engine = new DetectionEngine(RuleSetBuilder.Build(new SyslogReceiverOptions(), []), 1000);
            Assert.True(SyslogParser.TryParse(line, requirePriority: false, out var message, out string? reject), reject);
            var matches = new List<RuleMatch>();
            engine.Process(message, DateTimeOffset.UnixEpoch, matches, inPlace ? line : null);

            if (rule == "-")
            {
                Assert.Empty(matches);
                continue;
            }

            var match = Assert.Single(matches);
            Assert.Equal(rule, match.Rule.Name);
            Assert.Equal(address, match.Address.ToString());
            if (user != "*")
            {
                Assert.Equal(user, match.User ?? string.Empty);
            }
        }
    }
}
