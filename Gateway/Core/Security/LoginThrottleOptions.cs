using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Core.Security;

/// <summary>Failed-login throttling for every way in (Basic logins, Graylog keys and tokens). Section <c>LoginThrottle</c>.</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "LoginThrottle";

    /// <summary>Failures one source address (an IPv6 /64) may have at once before it is answered 429. Default 10; 1 to 10000.</summary>
    [Range(1, 10_000)]
    public int SourceBurst { get; set; } = 10;

    /// <summary>One more attempt per source grows back every this long. Default 6 s (10 a minute); 10 ms to 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SourceRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Failures one login name may have at once (from anywhere) before it is answered 429. Default 10; 1 to 10000.</summary>
    [Range(1, 10_000)]
    public int LoginBurst { get; set; } = 10;

    /// <summary>One more attempt per login grows back every this long. Default 6 s; 10 ms to 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan LoginRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Source addresses and login names tracked (each table); the least suspicious are forgotten first. Default 10000; 100 to 1000000.</summary>
    [Range(100, 1_000_000)]
    public int MaxTracked { get; set; } = 10_000;

    /// <summary>
    /// Password hashes (PBKDF2, tens of ms each) computed at once for logins not remembered from an earlier
    /// success; a request that finds them all busy (and the wait list full) is answered 429. Default 1; 1 to 64.
    /// </summary>
    [Range(1, 64)]
    public int ConcurrentPasswordChecks { get; set; } = 1;

    /// <summary>Requests that may wait for a password-check slot. Default 8; 0 to 1024.</summary>
    [Range(0, 1024)]
    public int PasswordCheckQueue { get; set; } = 8;
}
