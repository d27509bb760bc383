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
    // Each key is stored as the instant its bucket is full again (a "theoretical arrival time"): exact integer
    // arithmetic, one long per key, and a key whose instant has passed is the same as an absent key.
    private readonly Dictionary<string, long> _fullAt = new(StringComparer.Ordinal);
    private readonly long _refillTicks;
    private readonly long _burstTicks;
    private readonly int _maxKeys;
    private readonly TimeProvider _time;

    public FailureThrottle(int burst, TimeSpan refillEvery, int maxKeys, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillEvery, TimeSpan.Zero);
        _refillTicks = refillEvery.Ticks;

        // A key may be this far "in debt" and still try once more: burst - 1 failures not yet grown back.
        _burstTicks = (burst - 1) * refillEvery.Ticks;
        _maxKeys = maxKeys;
        _time = time;
    }

    /// <summary>Keys tracked now (never more than the configured maximum).</summary>
    public int Count
    {
        get
        {
            lock (_fullAt)
            {
                return _fullAt.Count;
            }
        }
    }

    /// <summary>How long the key must wait before its next attempt, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_fullAt)
        {
            if (!_fullAt.TryGetValue(key, out long fullAt))
            {
                return null;
            }

            long wait = fullAt - now - _burstTicks;
            return wait > 0 ? TimeSpan.FromTicks(wait) : null;
        }
    }

    /// <summary>Takes one attempt from the key's bucket (a failed attempt).</summary>
    public void RecordFailure(string key)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_fullAt)
        {
            if (!_fullAt.TryGetValue(key, out long fullAt) && _fullAt.Count >= _maxKeys)
            {
                MakeRoom(now);
            }

            // Never more than one refill beyond the burst of debt: a throttled key is not locked out for longer.
            _fullAt[key] = Math.Min(Math.Max(fullAt, now) + _refillTicks, now + _burstTicks + _refillTicks);
        }
    }

    private void MakeRoom(long now)
    {
        // Amortised: one sweep frees at least half the table, so the next maxKeys/2 inserts need none.
        foreach (var (key, fullAt) in _fullAt)
        {
            if (fullAt <= now)
            {
                _fullAt.Remove(key);
            }
        }

        int excess = _fullAt.Count - (_maxKeys / 2);
        if (excess <= 0)
        {
            return;
        }

        // The keys closest to a full bucket (the fewest recent failures) are the least suspicious.
        foreach (var key in _fullAt.OrderBy(pair => pair.Value).Take(excess).Select(pair => pair.Key).ToList())
        {
            _fullAt.Remove(key);
        }
    }
}
