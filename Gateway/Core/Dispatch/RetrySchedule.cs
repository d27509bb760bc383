namespace FirewallGateway.Core.Dispatch;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits initial × 2^(n-1), at most the cap, ±10 % so that
/// many rows failed together do not all come due in the same instant.
/// </summary>
internal sealed class RetrySchedule
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Func<double> _unitRandom;

    public RetrySchedule(TimeSpan initial, TimeSpan max, Func<double>? unitRandom = null)
    {
        _initial = initial;
        _max = max;
        _unitRandom = unitRandom ?? Random.Shared.NextDouble;
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> (1 = the first retry).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        // 2^30 × anything useful is past every cap; clamping the exponent keeps the arithmetic finite.
        int exponent = Math.Clamp(attempt - 1, 0, 30);
        double ticks = Math.Min(_initial.Ticks * Math.Pow(2, exponent), _max.Ticks);
        double jittered = ticks * (0.9 + (0.2 * _unitRandom()));
        return TimeSpan.FromTicks((long)Math.Min(jittered, _max.Ticks));
    }
}
