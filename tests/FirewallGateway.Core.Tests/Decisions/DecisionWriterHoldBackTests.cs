using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Tests.Decisions;

/// <summary>
/// Writer:MinBatchToOverlap: beside a batch in flight, a smaller batch is held back and grows with what arrives
/// until an answer comes (each merge call costs the server a fixed start-up, so few large batches beat many small
/// ones); a batch that reaches the minimum goes out at once. Held-back callers are never left hanging.
/// </summary>
public sealed class DecisionWriterHoldBackTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = OverlappingWriter.Wait;
    private readonly OverlappingWriter _harness = new(new DecisionWriterOptions { MaxBatchSize = 10, MaxBatchesInFlight = 2, MinBatchToOverlap = 3 });

    public Task InitializeAsync() => _harness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SmallBatchBesideOneInFlight_WaitsForTheAnswer_AndGoesOutWithEverythingThatArrived()
    {
        var first = _harness.Submit("1.31.0.1");
        var calls = await _harness.CallsAsync(1);
        var second = _harness.Submit("1.31.0.2");
        var third = _harness.Submit("1.31.0.3");

        // A slot is free but two reports are below the minimum: time for a wrong writer to send them, none is sent.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Single(_harness.Store.Calls);

        calls[0].Answer.SetResult();
        await first.WaitAsync(Wait);
        calls = await _harness.CallsAsync(2);
        Assert.Equal(["1.31.0.2", "1.31.0.3"], calls[1].Reports.Select(r => r.Address.ToString()));
        calls[1].Answer.SetResult();
        await Task.WhenAll(second, third).WaitAsync(Wait);
    }

    [Fact]
    public async Task BatchReachingTheMinimum_GoesOutWhileTheFirstIsUnanswered()
    {
        var first = _harness.Submit("1.31.1.1");
        var calls = await _harness.CallsAsync(1);
        var others = new[] { "1.31.1.2", "1.31.1.3", "1.31.1.4" }.Select(_harness.Submit).ToArray();

        calls = await _harness.CallsAsync(2);
        Assert.False(first.IsCompleted);
        calls[1].Answer.SetResult();
        await Task.WhenAll(others).WaitAsync(Wait);
        calls[0].Answer.SetResult();
        await first.WaitAsync(Wait);
    }

    [Fact]
    public async Task Stop_CallersOfAHeldBackBatchGetAnError_NeverHang()
    {
        var first = _harness.Submit("1.31.2.1");
        await _harness.CallsAsync(1);
        var held = _harness.Submit("1.31.2.2");

        await _harness.Writer.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Wait));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(Wait));
    }
}
