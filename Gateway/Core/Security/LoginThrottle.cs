using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Core.Security;

/// <summary>
/// Per-source and per-login failure throttling shared by every authenticator. Callers ask <see cref="RetryAfter"/>
/// before checking a secret and answer 429 with the returned delay, so a throttled attempt costs no hashing;
/// a failed check is reported with <see cref="RecordFailure"/>. IPv6 sources count per /64, the block one
/// subscriber usually gets, so rotating addresses inside it gains nothing.
/// </summary>
public sealed class LoginThrottle
{
    private readonly FailureThrottle _sources;
    private readonly FailureThrottle _logins;

    public LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _sources = new FailureThrottle(o.SourceBurst, o.SourceRefill, o.MaxTracked, time);
        _logins = new FailureThrottle(o.LoginBurst, o.LoginRefill, o.MaxTracked, time);
    }

    /// <summary>Source addresses tracked now.</summary>
    public int TrackedSources => _sources.Count;

    /// <summary>Login names tracked now.</summary>
    public int TrackedLogins => _logins.Count;

    /// <summary>The longer wait of the source and the login, or null when both may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? source, string? login)
    {
        var bySource = source is null ? null : _sources.RetryAfter(SourceKey(source));
        var byLogin = login is null ? null : _logins.RetryAfter(login);
        return (bySource, byLogin) switch
        {
            (null, null) => null,
            ({ } s, null) => s,
            (null, { } l) => l,
            ({ } s, { } l) => s > l ? s : l,
        };
    }

    public void RecordFailure(IPAddress? source, string? login)
    {
        if (source is not null)
        {
            _sources.RecordFailure(SourceKey(source));
        }

        if (login is not null)
        {
            _logins.RecordFailure(login);
        }
    }

    /// <summary>The table key: the IPv4 address, or the IPv6 /64 prefix.</summary>
    internal static string SourceKey(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return source.ToString();
        }

        byte[] bytes = source.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
