using System.Net;
using FirewallGateway.Core.Security;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Security;

public sealed class FailureThrottleTests
{
    private readonly FakeTimeProvider _clock = new(Some.Start);

    [Fact]
    public void AfterTheBurst_TheKeyIsThrottledUntilOneAttemptGrowsBack()
    {
        var throttle = new FailureThrottle(3, TimeSpan.FromSeconds(6), 100, _clock);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(throttle.RetryAfter("mallory"));
            throttle.RecordFailure("mallory");
        }

        Assert.Equal(TimeSpan.FromSeconds(6), throttle.RetryAfter("mallory"));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("mallory"));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(throttle.RetryAfter("mallory"));
        Assert.Null(throttle.RetryAfter("someone-else"));
    }

    [Fact]
    public void RotatingKeys_NeverGrowTheTableBeyondItsBound_AndTheWorstOffenderStays()
    {
        var throttle = new FailureThrottle(5, TimeSpan.FromMinutes(1), 1000, _clock);
        for (int i = 0; i < 5; i++)
        {
            throttle.RecordFailure("persistent");
        }

        for (int i = 0; i < 100_000; i++)
        {
            throttle.RecordFailure("rotating-" + i);
            Assert.True(throttle.Count <= 1000);
        }

        Assert.NotNull(throttle.RetryAfter("persistent"));
    }

    [Fact]
    public void LoginThrottle_CountsPerSourceAndPerLogin_AndIPv6PerSlash64()
    {
        var throttle = new LoginThrottle(
            Microsoft.Extensions.Options.Options.Create(new LoginThrottleOptions { SourceBurst = 2, LoginBurst = 3 }), _clock);
        throttle.RecordFailure(IPAddress.Parse("2a00:1450::1"), "a");
        throttle.RecordFailure(IPAddress.Parse("2a00:1450::ffff:2"), "b");
        Assert.NotNull(throttle.RetryAfter(IPAddress.Parse("2a00:1450::99"), null));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("2a00:1450:0:1::1"), null));

        // Three sources, one login: the login is throttled wherever the next attempt comes from.
        for (int i = 1; i <= 3; i++)
        {
            throttle.RecordFailure(IPAddress.Parse($"127.0.0.{i}"), "web1");
        }

        Assert.NotNull(throttle.RetryAfter(IPAddress.Parse("127.0.0.9"), "web1"));
        Assert.Null(throttle.RetryAfter(IPAddress.Parse("127.0.0.9"), "web2"));
    }
}
