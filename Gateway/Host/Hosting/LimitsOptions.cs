using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Hosting;

/// <summary>How much work the HTTP side takes at once before it sheds. Section <c>Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// Open HTTP connections (Kestrel's MaxConcurrentConnections); beyond it new connections are closed at once,
    /// which bounds memory whatever arrives. Keep it well above MaxConcurrentRequests + RequestQueue so clients
    /// normally get the 503 below instead. Default 4096; 16 to 1000000.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxConnections { get; set; } = 4096;

    /// <summary>Requests processed at once. Default 256; 1 to 100000.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>Requests waiting for one of those; any further request is answered 503 with Retry-After at once. Default 512; 0 to 100000.</summary>
    [Range(0, 100_000)]
    public int RequestQueue { get; set; } = 512;

    /// <summary>Seconds put in Retry-After when shedding (503). Default 5; 1 to 3600.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
