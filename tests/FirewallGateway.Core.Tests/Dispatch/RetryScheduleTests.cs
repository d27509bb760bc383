using FirewallGateway.Core.Dispatch;

namespace FirewallGateway.Core.Tests.Dispatch;

public class RetryScheduleTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    public void DelayFor_WithoutJitter_DoublesPerAttempt(int attempt, int expectedSeconds)
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), schedule.DelayFor(attempt));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void DelayFor_ManyAttempts_NeverPassesTheCap(int attempt)
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), () => 1.0);

        Assert.Equal(TimeSpan.FromMinutes(1), schedule.DelayFor(attempt));
    }

    [Fact]
    public void DelayFor_Jitter_StaysWithinTenPercent()
    {
        var low = new RetrySchedule(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), () => 0.0);
        var high = new RetrySchedule(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(9), low.DelayFor(1));
        Assert.Equal(TimeSpan.FromSeconds(11), high.DelayFor(1));
    }
}
