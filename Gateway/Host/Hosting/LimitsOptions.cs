using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Hosting;

/// <summary>How much work the HTTP side takes at once before it sheds. Section <c>Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// Open HTTP connections served; a connection beyond them is answered 503 with Retry-After and closed, without
    /// its request being read. Keep it well above MaxConcurrentRequests + RequestQueue so clients normally get the
    /// request-level 503 below instead. Default 4096; 16 to 1000000.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxConnections { get; set; } = 4096;

    /// <summary>
    /// Connections beyond MaxConnections being answered 503 at once (each lives at most 10 s); beyond these a new
    /// connection is closed at once without an answer, which bounds memory whatever arrives (Kestrel's own
    /// MaxConcurrentConnections, per listen address, is MaxConnections + this, as a backstop). 0 closes every
    /// connection beyond MaxConnections unanswered.
    /// Default 4096; 0 to 1000000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxShedConnections { get; set; } = 4096;

    /// <summary>
    /// Of those, the HTTPS ones answered at once: each costs a TLS handshake (CPU, as much as serving it), so beyond
    /// these an HTTPS connection past MaxConnections is closed at once unanswered. Default 256; 0 to 100000.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxShedHandshakes { get; set; } = 256;

    /// <summary>Requests processed at once. Default 256; 1 to 100000.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>Requests waiting for one of those; any further request is answered 503 with Retry-After at once. Default 512; 0 to 100000.</summary>
    [Range(0, 100_000)]
    public int RequestQueue { get; set; } = 512;

    /// <summary>
    /// Longest a request waits in that queue; then it is answered 503 with Retry-After, so under overload a client
    /// hears "come back later" within this time instead of waiting until it gives up. Default 1 s; 10 ms to 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connections the kernel may hold before the gateway accepts them (the listen backlog; Linux caps it at
    /// net.core.somaxconn). When it is full the kernel drops new connection attempts and clients retry after
    /// 1, 3, 7, 15 s: a burst of connections larger than the backlog is answered late, not refused.
    /// Default 4096; 16 to 65535.
    /// </summary>
    [Range(16, 65_535)]
    public int ListenBacklog { get; set; } = 4096;

    /// <summary>Seconds put in Retry-After when shedding (503). Default 5; 1 to 3600.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
