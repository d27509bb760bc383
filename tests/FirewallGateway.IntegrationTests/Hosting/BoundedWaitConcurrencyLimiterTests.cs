using System.Threading.RateLimiting;
using FirewallGateway.Core.Options;
using FirewallGateway.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.IntegrationTests.Hosting;

/// <summary>The request queue's time limit (<c>Limits:MaxQueueWait</c>), on a fake clock, and its validation.</summary>
public sealed class BoundedWaitConcurrencyLimiterTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Queued_LongerThanMaxWait_RefusedAndLeavesTheQueue()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        using var running = await limiter.AcquireAsync();
        var queued = limiter.AcquireAsync().AsTask();

        _clock.Advance(MaxWait - TimeSpan.FromMilliseconds(1));
        Assert.False(queued.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        using var refused = await queued.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(refused.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);

        // The queue place it held is free again: the next request queues instead of being refused at once.
        var next = limiter.AcquireAsync().AsTask();
        Assert.Equal(1, limiter.GetStatistics()!.CurrentQueuedCount);
        running.Dispose();
        using var acquired = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(acquired.IsAcquired);
    }

    [Fact]
    public async Task Queued_SlotFreedWithinMaxWait_Acquired()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        var running = await limiter.AcquireAsync();
        var queued = limiter.AcquireAsync().AsTask();

        _clock.Advance(MaxWait / 2);
        running.Dispose();

        using var lease = await queued.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.IsAcquired);
        _clock.Advance(MaxWait);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task QueueFull_RefusedAtOnce_WithoutWaiting()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        using var running = await limiter.AcquireAsync();
        var queued = limiter.AcquireAsync().AsTask();

        var beyond = limiter.AcquireAsync();
        Assert.True(beyond.IsCompleted);
        Assert.False((await beyond).IsAcquired);
        Assert.False(queued.IsCompleted);
    }

    [Fact]
    public async Task CallerGivesUp_IsACancellationNotARefusal()
    {
        using var limiter = Limiter(permits: 1, queue: 1);
        using var running = await limiter.AcquireAsync();
        using var aborted = new CancellationTokenSource();
        var queued = limiter.AcquireAsync(1, aborted.Token).AsTask();

        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Theory]
    [InlineData("00:00:00", "Limits:MaxQueueWait")]
    [InlineData("00:00:00.005", "Limits:MaxQueueWait")]
    [InlineData("00:02:00", "Limits:MaxQueueWait")]
    public void Options_MaxQueueWaitOutOfRange_FailureNamesTheKey(string wait, string key)
    {
        var result = Validate(new LimitsOptions { MaxQueueWait = TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65_536)]
    public void Options_ListenBacklogOutOfRange_FailureNamesTheKey(int backlog)
    {
        var result = Validate(new LimitsOptions { ListenBacklog = backlog });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Limits:ListenBacklog:", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        Assert.True(Validate(new LimitsOptions()).Succeeded);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(LimitsOptions options) =>
        new SectionValidator<LimitsOptions>(LimitsOptions.SectionName).Validate(null, options);

    private BoundedWaitConcurrencyLimiter Limiter(int permits, int queue) => new(
        new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst },
        MaxWait,
        _clock);
}
