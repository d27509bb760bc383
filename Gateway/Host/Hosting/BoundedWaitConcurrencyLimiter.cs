using System.Threading.RateLimiting;

namespace FirewallGateway.Hosting;

/// <summary>
/// A concurrency limiter whose queue has a time limit as well as a length: a request that waited
/// <c>maxWait</c> for a slot is refused (a not-acquired lease, answered 503 + Retry-After like a full queue)
/// instead of waiting on. Without it a queued request waited for as long as the requests ahead of it took,
/// which under overload was longer than clients wait for an answer: they gave up without the 503 that tells
/// them when to come back.
/// </summary>
internal sealed class BoundedWaitConcurrencyLimiter : RateLimiter
{
    private readonly ConcurrencyLimiter _inner;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _time;

    public BoundedWaitConcurrencyLimiter(ConcurrencyLimiterOptions options, TimeSpan maxWait, TimeProvider time)
    {
        _inner = new ConcurrencyLimiter(options);
        _maxWait = maxWait;
        _time = time;
    }

    public override TimeSpan? IdleDuration => _inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _inner.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        // The common case, a free slot and nobody queued, costs no timer.
        var lease = _inner.AttemptAcquire(permitCount);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        using var waitedTooLong = new CancellationTokenSource(_maxWait, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waitedTooLong.Token);
        try
        {
            // A full queue answers at once with a not-acquired lease; a queued request leaves the queue when cancelled.
            return await _inner.AcquireAsync(permitCount, either.Token);
        }
        catch (OperationCanceledException) when (waitedTooLong.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return QueueWaitExpiredLease.Instance;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    /// <summary>The refusal of a request that waited its maximum; holds no permit, so one instance serves all.</summary>
    private sealed class QueueWaitExpiredLease : RateLimitLease
    {
        public static readonly QueueWaitExpiredLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.ReasonPhrase.Name ? "waited the maximum queue time" : null;
            return metadata is not null;
        }
    }
}
