using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// The load client's own accounting, so a client that cannot send is not mistaken for a slow server: how long each
/// TCP connect took (a full accept backlog shows as SYN retransmits of 1, 3, 7 s ...), how long requests waited
/// for a pooled connection (.NET's <c>http.client.request.time_in_queue</c>), the client's own CPU and how far its
/// thread pool fell behind.
/// </summary>
internal sealed class ClientObserver : IDisposable
{
    private readonly ConcurrentBag<double> _connectMilliseconds = [];
    private readonly ConcurrentBag<double> _poolWaitMilliseconds = [];
    private readonly MeterListener _listener = new();
    private readonly Timer _sampler;
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _connectFailures;
    private long _maxPendingWorkItems;

    public ClientObserver()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.time_in_queue")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => _poolWaitMilliseconds.Add(seconds * 1000));
        _listener.Start();
        _sampler = new Timer(_ => SampleThreadPool(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    public void Connected(TimeSpan took, bool succeeded)
    {
        _connectMilliseconds.Add(took.TotalMilliseconds);
        if (!succeeded)
        {
            Interlocked.Increment(ref _connectFailures);
        }
    }

    public void Report()
    {
        var connects = _connectMilliseconds.ToList();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
        Console.WriteLine($"client connects: {LoadClient.Percentiles(connects)}; over 1 s: {connects.Count(ms => ms > 1000)}; " +
            $"failed: {Interlocked.Read(ref _connectFailures)}");
        Console.WriteLine($"client wait for a pooled connection: {LoadClient.Percentiles([.. _poolWaitMilliseconds])}");
        Console.WriteLine($"client CPU: {cpu:F0} s in {_clock.Elapsed.TotalSeconds:F0} s; thread pool backlog max {Interlocked.Read(ref _maxPendingWorkItems)} items");
    }

    public void Dispose()
    {
        _sampler.Dispose();
        _listener.Dispose();
    }

    private void SampleThreadPool()
    {
        long pending = ThreadPool.PendingWorkItemCount;
        long seen;
        while (pending > (seen = Interlocked.Read(ref _maxPendingWorkItems)) &&
               Interlocked.CompareExchange(ref _maxPendingWorkItems, pending, seen) != seen)
        {
        }
    }
}
