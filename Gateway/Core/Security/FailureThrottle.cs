namespace FirewallGateway.Core.Security;

/// <summary>
/// Counts failures per key (a source address or a login) in a token bucket: each key may fail
/// <c>burst</c> times at once, then once per <c>refillEvery</c>. A key with no token left is throttled until
/// one grows back, and the caller refuses it BEFORE doing the expensive work. At most <c>maxKeys</c> keys are
/// tracked: when the table is full, keys whose bucket has refilled are dropped first, then the half with the
/// most tokens left (the least suspicious), so an attacker rotating keys cannot grow memory without bound.
/// </summary>
public sealed class FailureThrottle
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly int _burst;
    private readonly long _refillTicks;
    private readonly int _maxKeys;
    private readonly TimeProvider _time;

    public FailureThrottle(int burst, TimeSpan refillEvery, int maxKeys, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillEvery, TimeSpan.Zero);
        _burst = burst;
        _refillTicks = refillEvery.Ticks;
        _maxKeys = maxKeys;
        _time = time;
    }

    /// <summary>Keys tracked now (never more than the configured maximum).</summary>
    public int Count
    {
        get
        {
            lock (_buckets)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>How long the key must wait before its next attempt, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                return null;
            }

            double tokens = Refilled(bucket, now);
            return tokens >= 1 ? null : TimeSpan.FromTicks((long)Math.Ceiling((1 - tokens) * _refillTicks));
        }
    }

    /// <summary>Takes one token from the key's bucket (a failed attempt).</summary>
    public void RecordFailure(string key)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_buckets)
        {
            if (_buckets.TryGetValue(key, out var bucket))
            {
                _buckets[key] = new Bucket(Math.Max(Refilled(bucket, now) - 1, -_burst), now);
                return;
            }

            if (_buckets.Count >= _maxKeys)
            {
                MakeRoom(now);
            }

            _buckets[key] = new Bucket(_burst - 1, now);
        }
    }

    private double Refilled(Bucket bucket, long now) =>
        Math.Min(_burst, bucket.Tokens + ((double)(now - bucket.AtTicks) / _refillTicks));

    private void MakeRoom(long now)
    {
        // Amortised: one sweep frees at least half the table, so the next maxKeys/2 inserts need none.
        var byTokens = _buckets.Select(pair => (pair.Key, Tokens: Refilled(pair.Value, now))).ToList();
        foreach (var (key, tokens) in byTokens)
        {
            if (tokens >= _burst)
            {
                _buckets.Remove(key);
            }
        }

        if (_buckets.Count < _maxKeys / 2)
        {
            return;
        }

        foreach (var (key, _) in byTokens.Where(b => b.Tokens < _burst).OrderByDescending(b => b.Tokens).Take(_buckets.Count - (_maxKeys / 2)))
        {
            _buckets.Remove(key);
        }
    }

    private readonly record struct Bucket(double Tokens, long AtTicks);
}
