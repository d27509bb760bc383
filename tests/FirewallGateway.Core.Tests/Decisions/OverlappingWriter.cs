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

/// <summary>A decision writer on a <see cref="GatedBatchStore"/>: the test answers each batch when it chooses.</summary>
internal sealed class OverlappingWriter : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(Some.Start);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly DecisionService _sink;

    public OverlappingWriter(DecisionWriterOptions options)
    {
        var writerOptions = Microsoft.Extensions.Options.Options.Create(options);
        var policy = Microsoft.Extensions.Options.Options.Create(new PolicyOptions());
        var queue = new ReportQueue(writerOptions);
        _sink = new DecisionService(queue, _time, writerOptions);
        Writer = new DecisionWriter(
            queue, Store, new OutboxSignal(_time), new AddressFilter(policy, _time), policy, writerOptions,
            new ReportMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _time, NullLogger<DecisionWriter>.Instance);
    }

    public GatedBatchStore Store { get; } = new();

    public DecisionWriter Writer { get; }

    public Task StartAsync() => Writer.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        await _services.DisposeAsync();
    }

    public Task<ReportOutcome> Submit(string address) =>
        _sink.SubmitAsync(Some.Report(BanAddress.Parse(address)), CancellationToken.None).AsTask();

    public async Task<IReadOnlyList<GatedBatchStore.Call>> CallsAsync(int count)
    {
        await Eventually.WaitUntilAsync(() => Task.FromResult(Store.Calls.Count >= count), Wait, $"{count} batches on the store");
        return Store.Calls;
    }
}
