using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

public sealed class FailureWindowTests
{
    private static readonly DateTimeOffset T0 = Some.Start;

    [Fact]
    public void Record_MaxRetryWithinFindTime_BansOnTheLastFailure()
    {
        var window = new FailureWindow(5, TimeSpan.FromMinutes(10), 100);
        var address = HostKey.From(BanAddress.Parse("1.0.0.1"));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0, window.Record(address, T0.AddMinutes(i)));
        }

        Assert.Equal(5, window.Record(address, T0.AddMinutes(9)));
        Assert.Equal(0, window.FailuresOf(address));
    }

    [Fact]
    public void Record_FailuresSpreadWiderThanFindTime_NeverBans()
    {
        var window = new FailureWindow(3, TimeSpan.FromMinutes(10), 100);
        var address = HostKey.From(BanAddress.Parse("1.0.0.2"));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(0, window.Record(address, T0.AddMinutes(i * 6)));
        }
    }

    [Fact]
    public void Record_OldFailuresSlideOut_BansOnceRecentOnesReachMaxRetry()
    {
        var window = new FailureWindow(3, TimeSpan.FromMinutes(10), 100);
        var address = HostKey.From(BanAddress.Parse("1.0.0.3"));
        window.Record(address, T0);
        window.Record(address, T0.AddMinutes(1));
        Assert.Equal(0, window.Record(address, T0.AddMinutes(30)));
        Assert.Equal(0, window.Record(address, T0.AddMinutes(31)));
        Assert.Equal(3, window.Record(address, T0.AddMinutes(32)));
    }

    [Fact]
    public void Record_OneMillionDistinctAddresses_StaysAtTheCap()
    {
        const int cap = 10_000;
        var window = new FailureWindow(5, TimeSpan.FromMinutes(10), cap);
        for (int i = 0; i < 1_000_000; i++)
        {
            var address = HostKey.From(BanAddress.FromAddress(new System.Net.IPAddress((uint)System.Net.IPAddress.HostToNetworkOrder(0x01000000 + i))));
            window.Record(address, T0);
        }

        Assert.Equal(cap, window.Count);
        Assert.Equal(cap, window.Allocated);
        Assert.Equal(1_000_000 - cap, window.Evicted);
    }

    [Fact]
    public void Record_AtCap_ForgetsTheLeastRecentlySeenAddress()
    {
        var window = new FailureWindow(5, TimeSpan.FromMinutes(10), 2);
        var a = HostKey.From(BanAddress.Parse("1.0.0.10"));
        var b = HostKey.From(BanAddress.Parse("1.0.0.11"));
        var c = HostKey.From(BanAddress.Parse("1.0.0.12"));
        window.Record(a, T0);
        window.Record(b, T0);
        window.Record(a, T0);
        window.Record(c, T0);

        Assert.Equal(2, window.FailuresOf(a));
        Assert.Equal(0, window.FailuresOf(b));
        Assert.Equal(1, window.FailuresOf(c));
    }

    [Fact]
    public void Record_AddressesPastTheWindow_AreDroppedWithoutReachingTheCap()
    {
        var window = new FailureWindow(5, TimeSpan.FromMinutes(1), 1000);
        for (int i = 0; i < 500; i++)
        {
            window.Record(HostKey.From(BanAddress.Parse($"1.0.{i / 250}.{(i % 250) + 1}")), T0.AddSeconds(i));
        }

        // Only the last minute's addresses can still reach maxretry; the rest were dropped as time moved.
        Assert.InRange(window.Count, 60, 64);
        Assert.Equal(0, window.Evicted);
    }
}
