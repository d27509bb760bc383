using FirewallGateway.Core.Dispatch;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Dispatch;

public class OutboxSignalTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WaitAsync_FirstWait_ReturnsAtOnceSoAWorkerDrainsBeforeSleeping()
    {
        var signal = new OutboxSignal(_time);

        var wait = signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(wait.IsCompleted);
        await wait;
    }

    [Fact]
    public async Task WaitAsync_Notified_CompletesBeforeTheTimeout()
    {
        var signal = new OutboxSignal(_time);
        await signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None);

        var wait = signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(wait.IsCompleted);
        signal.Notify("edge");

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Notify_WhileNoOneWaits_IsKeptForTheNextWait()
    {
        var signal = new OutboxSignal(_time);
        await signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None);

        signal.Notify("edge");

        Assert.True(signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_NoNotification_EndsWhenTheClockPassesTheTimeout()
    {
        var signal = new OutboxSignal(_time);
        await signal.WaitAsync("edge", TimeSpan.FromMinutes(1), CancellationToken.None);

        var wait = signal.WaitAsync("edge", TimeSpan.FromSeconds(30), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Notify_Null_WakesEveryTarget_ButATargetNotifyWakesOnlyItsOwn()
    {
        var signal = new OutboxSignal(_time);
        await signal.WaitAsync("a", TimeSpan.FromMinutes(1), CancellationToken.None);
        await signal.WaitAsync("b", TimeSpan.FromMinutes(1), CancellationToken.None);

        var a = signal.WaitAsync("a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var b = signal.WaitAsync("b", TimeSpan.FromMinutes(1), CancellationToken.None);
        signal.Notify("a");
        await a.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(b.IsCompleted);

        signal.Notify(null);
        await b.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
