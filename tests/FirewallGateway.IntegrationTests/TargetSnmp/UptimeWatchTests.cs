using FirewallGateway.TargetSnmp;

namespace FirewallGateway.IntegrationTests.TargetSnmp;

public sealed class UptimeWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_FirstReading_NoReboot()
    {
        Assert.Null(new UptimeWatch().Observe(100, T0, null));
    }

    [Fact]
    public void Observe_UptimeGrowsWithTheClock_NoReboot()
    {
        var watch = new UptimeWatch();
        watch.Observe(100_000, T0, 3);

        Assert.Null(watch.Observe(106_000, T0.AddSeconds(60), 3));
        Assert.Null(watch.Observe(112_100, T0.AddSeconds(120), 3));
    }

    [Fact]
    public void Observe_UptimeDrops_Reboot()
    {
        var watch = new UptimeWatch();
        watch.Observe(100_000, T0, null);

        string? why = watch.Observe(500, T0.AddSeconds(60), null);

        Assert.Equal("sysUpTime dropped from 0.00:16:40 to 0.00:00:05", why);
    }

    [Fact]
    public void Observe_UptimeGrewLessThanTimePassed_RebootBetweenPolls()
    {
        // Up 30 s at the last poll; an hour later it says 10 minutes: it restarted in between.
        var watch = new UptimeWatch();
        watch.Observe(3_000, T0, null);

        string? why = watch.Observe(60_000, T0.AddHours(1), null);

        Assert.NotNull(why);
        Assert.Contains("less than the time since the last poll explains", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_LatePollWithinSlack_NoReboot()
    {
        // The poll took 8 s longer than the clock says (timeouts, retries): within the 10 s slack.
        var watch = new UptimeWatch();
        watch.Observe(100_000, T0, null);

        Assert.Null(watch.Observe(105_200, T0.AddSeconds(60), null));
    }

    [Fact]
    public void Observe_EngineBootsUp_RebootEvenIfUptimeLooksFine()
    {
        var watch = new UptimeWatch();
        watch.Observe(100_000, T0, 4);

        Assert.Equal("snmpEngineBoots went from 4 to 5", watch.Observe(106_000, T0.AddSeconds(60), 5));
    }

    [Fact]
    public void Observe_TimeTicksWrapAfter497Days_NoReboot()
    {
        var watch = new UptimeWatch();
        watch.Observe(uint.MaxValue - 3_000, T0, null);

        Assert.Null(watch.Observe(2_999, T0.AddSeconds(60), null));
    }
}
