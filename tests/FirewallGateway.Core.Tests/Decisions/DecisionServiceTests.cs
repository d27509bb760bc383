using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Options;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Decisions;

public sealed class DecisionServiceTests
{
    [Fact]
    public async Task FullQueue_RefusesAfterTheAllowedWait_InsteadOfQueueingWithoutBound()
    {
        var (clock, queue, service) = OneSlotQueue();

        // No writer runs: the first report fills the queue and waits for its outcome.
        var first = service.SubmitAsync(Report(), CancellationToken.None).AsTask();
        var second = service.SubmitAsync(Report(), CancellationToken.None).AsTask();

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ReportQueueFullException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, queue.Channel.Reader.Count);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public async Task RoomFreedWithinTheWait_TakesTheReport()
    {
        var (clock, queue, service) = OneSlotQueue();
        var first = service.SubmitAsync(Report(), CancellationToken.None).AsTask();
        var second = service.SubmitAsync(Report(), CancellationToken.None).AsTask();

        Assert.True(queue.Channel.Reader.TryRead(out var queued));
        queued.TrySetResult(new ReportOutcome.Ignored("test", "test"));
        await first;
        await Eventually.WaitUntilAsync(() => Task.FromResult(queue.Channel.Reader.Count == 1), TimeSpan.FromSeconds(10), "the waiting report to be queued");
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(second.IsFaulted);
    }

    /// <summary>A queue with room for one report, a 2 s allowed wait, a fake clock, and no writer running.</summary>
    private static (FakeTimeProvider Clock, ReportQueue Queue, DecisionService Service) OneSlotQueue()
    {
        var clock = new FakeTimeProvider(Some.Start);
        var options = Microsoft.Extensions.Options.Options.Create(new DecisionWriterOptions { QueueCapacity = 1, QueueFullWait = TimeSpan.FromSeconds(2) });
        var queue = new ReportQueue(options);
        return (clock, queue, new DecisionService(queue, clock, options));
    }

    private static BanReport Report() => new(Some.PublicIPv4(), "web1", ReportSource.Fail2ban, "test", null, Some.Start);
}
