namespace FirewallGateway.Auth;

/// <summary>The result of checking Basic credentials: a role, a refusal, or "too many failures, wait".</summary>
internal readonly record struct LoginCheck(string? Role, TimeSpan? RetryAfter)
{
    public static readonly LoginCheck Invalid = new(null, null);

    /// <summary>Retry-After when every password-check slot is busy: the next attempt will likely find one.</summary>
    public static readonly LoginCheck Busy = new(null, TimeSpan.FromSeconds(1));

    public static LoginCheck Valid(string role) => new(role, null);

    public static LoginCheck Throttled(TimeSpan retryAfter) => new(null, retryAfter);
}
