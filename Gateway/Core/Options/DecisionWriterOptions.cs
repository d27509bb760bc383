using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Core.Options;

/// <summary>How reports are written: many concurrent reports share one transaction (group commit). Section <c>Writer</c>.</summary>
public sealed class DecisionWriterOptions
{
    public const string SectionName = "Writer";

    /// <summary>Most reports committed in one transaction. Default 512; 1 to 10000.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Reports waiting for the writer before receivers are slowed down (back-pressure). Default 20000; 100 to 1000000.</summary>
    [Range(100, 1_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>
    /// How long a receiver waits for room in a full queue before it answers 503 with Retry-After (the report is
    /// then not taken, so the client retries it). Default 2 s; 0 to 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan QueueFullWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Batches the writer may have on a database server at once (PostgreSQL; SQLite writes one at a time). While
    /// one batch waits for its commit to reach the disk the next is already being merged, and the server flushes
    /// the commits that are ready together. Batches in flight never share an address. Default 2; 1 to 16.
    /// </summary>
    [Range(1, 16)]
    public int MaxBatchesInFlight { get; set; } = 2;

    /// <summary>
    /// PostgreSQL only: the fewest reports a batch needs to go out while another is still on the server; a smaller
    /// one waits, collecting the reports that arrive meanwhile, until a batch is answered. Each call of the merge
    /// has a fixed cost on the server (starting its statements: about 1 ms, as much as 20-30 reports), so many small
    /// overlapping batches cost more CPU per report than a few large ones; overlap pays only when the queue is deep.
    /// Default 64; 1 (always overlap) to 10000.
    /// </summary>
    [Range(1, 10_000)]
    public int MinBatchToOverlap { get; set; } = 64;
}
