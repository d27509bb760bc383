using System.ComponentModel.DataAnnotations;
using FirewallGateway.Core.Options;

namespace FirewallGateway.CrowdSec;

/// <summary>The CrowdSec local API (bouncers pull decisions, agents post alerts). Section <c>CrowdSec</c>.</summary>
public sealed class CrowdSecOptions
{
    public const string SectionName = "CrowdSec";

    /// <summary>Whether the <c>/v1/...</c> CrowdSec endpoints are served. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a watcher's login token is valid; the agent logs in again when it lapses. Default 1h; 1 minute to 7 days.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest <c>POST /v1/alerts</c> body, in bytes; larger gets 413. Default 4194304; 1024 to 67108864.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxAlertBodyBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>Checks <see cref="CrowdSecOptions"/> at start; every message names its key.</summary>
internal sealed class CrowdSecOptionsValidator : SectionValidator<CrowdSecOptions>
{
    public CrowdSecOptionsValidator()
        : base(CrowdSecOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(CrowdSecOptions options)
    {
        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromDays(7))
        {
            yield return $"{SectionPath}:TokenLifetime: must be between 00:01:00 and 7.00:00:00 (was {options.TokenLifetime})";
        }
    }
}
