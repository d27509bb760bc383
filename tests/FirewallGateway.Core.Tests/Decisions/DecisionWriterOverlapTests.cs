using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Dispatch;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Options;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Core.Tests.Decisions;

/// <summary>
/// The decision writer on a batch-merging store (PostgreSQL's shape) with several batches in flight: a batch of
/// other addresses goes out while one is unanswered; a report for an address in flight waits, with everything
/// behind it, until that batch is answered (the real merge's order is tested on PostgreSQL, BatchMergeEquivalenceTests).
/// </summary>
public sealed class DecisionWriterOverlapTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(Some.Start);
    private readonly GatedBatchStore _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private DecisionService _sink = null!;
    private DecisionWriter _writer = null!;

    public async Task InitializeAsync()
    {
        var writerOptions = Microsoft.Extensions.Options.Options.Create(new DecisionWriterOptions { MaxBatchSize = 2, MaxBatchesInFlight = 2 });
        var policy = Microsoft.Extensions.Options.Options.Create(new PolicyOptions());
        var queue = new ReportQueue(writerOptions);
        _sink = new DecisionService(queue, _time, writerOptions);
        _writer = new DecisionWriter(
            queue, _store, new OutboxSignal(_time), new AddressFilter(policy, _time), policy, writerOptions,
            new ReportMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _time, NullLogger<DecisionWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        await _services.DisposeAsync();
    }

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
        Assert.Single(_store.Calls);

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

        await _writer.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Wait));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Wait));
    }

    private Task<ReportOutcome> Submit(string address) =>
        _sink.SubmitAsync(Some.Report(BanAddress.Parse(address)), CancellationToken.None).AsTask();

    private async Task<IReadOnlyList<GatedBatchStore.Call>> CallsAsync(int count)
    {
        await Eventually.WaitUntilAsync(() => Task.FromResult(_store.Calls.Count >= count), Wait, $"{count} batches on the store");
        return _store.Calls;
    }
}
