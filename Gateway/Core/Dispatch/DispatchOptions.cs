using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Core.Dispatch;

/// <summary>How changes reach the targets. Section <c>Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>
    /// Outbox rows a worker takes per round (at least one full batch of its adapter); split further by each
    /// adapter's own batch limit. Default 1000; 1 to 100000.
    /// </summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Longest a worker sleeps without a wake-up (the in-process signal normally wakes it at once; this covers
    /// rows written by another gateway when no notification arrives). Default 5 s; 100 ms to 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each target's actual entries are compared with the decisions (also at start and after a failure
    /// clears). Default 5 min; 1 s to 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An entry whose target-side timeout ends within this window, but before its decision does, is renewed by
    /// reconcile. Must be longer than <see cref="ReconcileInterval"/>. Default 15 min; 2 s to 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "7.00:00:00")]
    public TimeSpan RenewWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>First retry delay of a failed change; doubles per attempt up to <see cref="RetryMaxDelay"/>. Default 1 s; 10 ms to 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the retry delay: a dead target is probed at least this often. Default 1 min; 10 ms to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest one adapter call (a batch, a listing) may take before the target counts as failing. Default 30 s; 100 ms to 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a gateway that does not drive a target asks again for its lease (shared stores only). Default 5 s; 100 ms to 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest an expired decision stays active before its unban is queued. Default 5 s; 100 ms to 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most decisions expired in one transaction. Default 1000; 1 to 100000.</summary>
    [Range(1, 100_000)]
    public int ExpiryBatchSize { get; set; } = 1000;
}
