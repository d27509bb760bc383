using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Options;

namespace FirewallGateway.Core.Tests.Decisions;

/// <summary>
/// The decision writer on a batch-merging store (PostgreSQL's shape) with several batches in flight: a batch of
/// other addresses goes out while one is unanswered; a report for an address in flight waits, with everything
/// behind it, until that batch is answered (the real merge's order is tested on PostgreSQL, BatchMergeEquivalenceTests).
/// </summary>
public sealed class DecisionWriterOverlapTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = OverlappingWriter.Wait;
    private readonly OverlappingWriter _harness = new(new DecisionWriterOptions { MaxBatchSize = 2, MaxBatchesInFlight = 2, MinBatchToOverlap = 1 });

    public Task InitializeAsync() => _harness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SecondBatchOfOtherAddresses_GoesOutWhileTheFirstIsUnanswered()
    {
        var first = Submit("1.30.0.1");
        await CallsAsync(1);
        var second = Submit("1.30.0.2");
        var calls = await CallsAsync(2);

        calls[1].Answer.SetResult();
        await second.WaitAsync(Wait);
        Assert.False(first.IsCompleted);
        calls[0].Answer.SetResult();
        await first.WaitAsync(Wait);
    }

    [Fact]
    public async Task ReportForAnAddressInFlight_WaitsWithEverythingBehindIt_UntilThatBatchIsAnswered()
    {
        var first = Submit("1.30.1.1");
        var calls = await CallsAsync(1);
        var repeat = Submit("1.30.1.1");
        var behind = Submit("1.30.1.2");

        // A slot is free, but the queue's head is the address in flight: nothing may overtake it (time for a wrong
        // writer to send "behind" alone; the right one sends nothing until the answer).
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Single(_harness.Store.Calls);

        calls[0].Answer.SetResult();
        await first.WaitAsync(Wait);
        calls = await CallsAsync(2);
        Assert.Equal(["1.30.1.1", "1.30.1.2"], calls[1].Reports.Select(r => r.Address.ToString()));
        calls[1].Answer.SetResult();
        await Task.WhenAll(repeat, behind).WaitAsync(Wait);
    }

    [Fact]
    public async Task Stop_CallersOfBatchesInFlightGetAnError_NeverHang()
    {
        var first = Submit("1.30.2.1");
        var second = Submit("1.30.2.2");
        await CallsAsync(1);

        await _harness.Writer.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Wait));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Wait));
    }

    private Task<ReportOutcome> Submit(string address) => _harness.Submit(address);

    private Task<IReadOnlyList<GatedBatchStore.Call>> CallsAsync(int count) => _harness.CallsAsync(count);
}
