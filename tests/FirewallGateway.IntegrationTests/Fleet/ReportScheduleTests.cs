using FirewallGateway.Reports;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>When scheduled e-mail reports go out and which period each covers.</summary>
public sealed class ReportScheduleTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 1, 7, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("daily", 6, "2026-01-08T06:00:00+00:00")]
    [InlineData("daily", 12, "2026-01-07T12:00:00+00:00")]
    [InlineData("weekly", 6, "2026-01-12T06:00:00+00:00")]
    [InlineData("monthly", 6, "2026-02-01T06:00:00+00:00")]
    public void NextRun_Schedule_IsTheNextSendTime(string schedule, int hour, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReportSchedule.NextRun(schedule, hour, Wednesday));

    [Fact]
    public void NextRun_Off_IsNever() => Assert.Null(ReportSchedule.NextRun("off", 6, Wednesday));

    [Theory]
    [InlineData("daily", "2026-02-01T06:00:00+00:00", "2026-01-31T00:00:00+00:00")]
    [InlineData("weekly", "2026-02-02T06:00:00+00:00", "2026-01-26T00:00:00+00:00")]
    [InlineData("monthly", "2026-02-01T06:00:00+00:00", "2026-01-01T00:00:00+00:00")]
    public void PeriodFor_Run_EndsAtThatMidnight(string schedule, string runAt, string start)
    {
        var run = DateTimeOffset.Parse(runAt, System.Globalization.CultureInfo.InvariantCulture);
        var (from, to) = ReportSchedule.PeriodFor(schedule, run);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Equal(new DateTimeOffset(run.UtcDateTime.Date, TimeSpan.Zero), to);
    }
}
