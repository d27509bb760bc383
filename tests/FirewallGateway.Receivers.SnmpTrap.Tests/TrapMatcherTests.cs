using System.Net;
using FirewallGateway.Receivers.SnmpTrap.Pipeline;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Tests;

public sealed class TrapMatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ExactTrapOid_ThresholdReached_BansOnTheThirdTrap()
    {
        var matcher = Matcher(new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.1", AddressOid = "1.3.6.1.4.1.99999.1.1", MaxRetry = 3 });
        var matches = new List<TrapMatch>();

        for (int i = 0; i < 3; i++)
        {
            matches.Clear();
            Assert.Null(matcher.Process(Trap("1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1", "1.0.41.1"), Start.AddSeconds(i), matches));
        }

        var match = Assert.Single(matches);
        Assert.True(match.Bans);
        Assert.Equal(3, match.Traps);
        Assert.Equal("1.0.41.1", match.Host.ToString());
    }

    [Fact]
    public void TrapsSpreadBeyondFindTime_NeverBan()
    {
        var matcher = Matcher(new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.1", AddressOid = "1.3.6.1.4.1.99999.1.1", MaxRetry = 2, FindTime = TimeSpan.FromMinutes(1) });
        var matches = new List<TrapMatch>();

        matcher.Process(Trap("1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1", "1.0.41.2"), Start, matches);
        matches.Clear();
        matcher.Process(Trap("1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1", "1.0.41.2"), Start.AddMinutes(2), matches);

        Assert.False(Assert.Single(matches).Bans);
    }

    [Fact]
    public void PrefixRules_MatchTrapsAndIndexedVarBindsBelowThem()
    {
        var matcher = Matcher(new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.*", AddressOid = "1.3.6.1.4.1.99999.2.*" });
        var matches = new List<TrapMatch>();

        Assert.Null(matcher.Process(Trap("1.3.6.1.4.1.99999.0.7", "1.3.6.1.4.1.99999.2.1.42", "1.0.41.3"), Start, matches));

        Assert.True(Assert.Single(matches).Bans);
        Assert.Equal(TrapRejectReasons.UnknownTrapOid, matcher.Process(Trap("1.3.6.1.4.1.99999.0", "1.3.6.1.4.1.99999.2.1.42", "1.0.41.3"), Start, matches));
    }

    [Fact]
    public void Refusals_SayWhy()
    {
        var matcher = Matcher(new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.1", AddressOid = "1.3.6.1.4.1.99999.1.1" });
        var matches = new List<TrapMatch>();

        Assert.Equal(TrapRejectReasons.UnknownTrapOid, matcher.Process(Trap("1.3.6.1.4.1.99999.0.2", "1.3.6.1.4.1.99999.1.1", "1.0.41.4"), Start, matches));
        Assert.Equal(TrapRejectReasons.NoAddressVarBind, matcher.Process(Trap("1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.2", "1.0.41.4"), Start, matches));
        Assert.Equal(TrapRejectReasons.NotAnAddress, matcher.Process(Trap("1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1", "not an address"), Start, matches));
        Assert.Equal(TrapRejectReasons.NoTrapOid, matcher.Process([new VarBind(Oid.Parse("1.3.6.1.4.1.99999.1.1"), SnmpValue.OctetString("1.0.41.4"))], Start, matches));
        Assert.Empty(matches);
    }

    [Fact]
    public void IpAddressValue_IsRead()
    {
        var matcher = Matcher(new SnmpTrapRuleOptions { TrapOid = "1.3.6.1.4.1.99999.0.1", AddressOid = "1.3.6.1.4.1.99999.1.1" });
        var matches = new List<TrapMatch>();
        IReadOnlyList<VarBind> trap =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(100)),
            new(TrapMatcher.SnmpTrapOid, SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.99999.0.1"))),
            new(Oid.Parse("1.3.6.1.4.1.99999.1.1"), SnmpValue.IpAddress(IPAddress.Parse("1.0.41.5"))),
        ];

        Assert.Null(matcher.Process(trap, Start, matches));

        Assert.Equal("1.0.41.5", Assert.Single(matches).Host.ToString());
    }

    internal static IReadOnlyList<VarBind> Trap(string trapOid, string addressOid, string address) =>
    [
        new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(100)),
        new(TrapMatcher.SnmpTrapOid, SnmpValue.ObjectIdentifier(Oid.Parse(trapOid))),
        new(Oid.Parse(addressOid), SnmpValue.OctetString(address)),
    ];

    private static TrapMatcher Matcher(SnmpTrapRuleOptions rule)
    {
        var options = new SnmpTrapReceiverOptions();
        options.Rules["ips"] = rule;
        var errors = new List<string>();
        var rules = TrapRuleSetBuilder.Build(options, errors);
        Assert.Empty(errors);
        return new TrapMatcher(rules, 1000);
    }
}
