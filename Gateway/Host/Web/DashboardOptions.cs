using FirewallGateway.Core.Options;

namespace FirewallGateway.Web;

/// <summary>The operator dashboard served at <c>/ui/</c>. Section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Serve the dashboard and accept dashboard logins. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A session without operator activity for this long ends (1 minute to 1 day). Default 30 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after its login whatever the activity (at least IdleTimeout, at most 7 days). Default 12 hours.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>At most this many sessions at once (1–10000); the oldest ends when a login would exceed it. Default 100.</summary>
    public int MaxSessions { get; set; } = 100;
}

/// <summary>Ranges of the dashboard settings, each failure naming its key.</summary>
internal sealed class DashboardOptionsValidator : SectionValidator<DashboardOptions>
{
    public DashboardOptionsValidator()
        : base(DashboardOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(DashboardOptions options)
    {
        if (options.IdleTimeout < TimeSpan.FromMinutes(1) || options.IdleTimeout > TimeSpan.FromDays(1))
        {
            yield return $"{SectionPath}:IdleTimeout must be between 00:01:00 and 1.00:00:00 (is {options.IdleTimeout})";
        }

        if (options.MaxLifetime < options.IdleTimeout || options.MaxLifetime > TimeSpan.FromDays(7))
        {
            yield return $"{SectionPath}:MaxLifetime must be at least IdleTimeout and at most 7.00:00:00 (is {options.MaxLifetime})";
        }

        if (options.MaxSessions is < 1 or > 10_000)
        {
            yield return $"{SectionPath}:MaxSessions must be between 1 and 10000 (is {options.MaxSessions})";
        }
    }
}
