using System.Runtime;

namespace FirewallGateway.Hosting;

/// <summary>
/// Gives memory back to the system once the gateway has gone quiet after bulk work. A start-up reconcile or a
/// burst of reports allocates large transient maps (every active decision, thousands of outbox rows); the GC
/// frees them at its next collection, but an idle gateway allocates almost nothing, so no collection comes and
/// the freed regions stay committed for hours. When no collection happened during a whole interval and the GC
/// holds far more than the live heap, one compacting collection returns the difference. A busy gateway is never
/// touched: there the GC runs on its own.
/// </summary>
internal sealed partial class IdleMemoryTrimmer : BackgroundService
{
    // Below this much slack the collection would cost more than it gives back.
    private const long SlackBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;
    private readonly ILogger<IdleMemoryTrimmer> _logger;

    public IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
    {
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        int lastCollections = GC.CollectionCount(0);
        int afterTrim = -1;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            int collections = GC.CollectionCount(0);
            bool quiet = collections == lastCollections;
            lastCollections = collections;

            // Nothing collected since the last trim means nothing new to give back: no second collection.
            if (!quiet || collections == afterTrim)
            {
                continue;
            }

            var info = GC.GetGCMemoryInfo();
            long slack = info.TotalCommittedBytes - GC.GetTotalMemory(forceFullCollection: false);
            if (slack < SlackBytes)
            {
                continue;
            }

            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            lastCollections = afterTrim = GC.CollectionCount(0);
            long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            Log.Trimmed(_logger, slack / (1024 * 1024), committed / (1024 * 1024));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Idle: returned memory to the system ({Slack} MB above the heap; {Committed} MB committed now)")]
        public static partial void Trimmed(ILogger logger, long slack, long committed);
    }
}
