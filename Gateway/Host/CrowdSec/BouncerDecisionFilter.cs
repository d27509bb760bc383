using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// The stream filters a bouncer may send, as the local API reads them: <c>scopes</c>, <c>origins</c>,
/// <c>scenarios_containing</c>, <c>scenarios_not_containing</c> (each a comma-separated list, matched
/// case-insensitively; scenarios by substring). Nothing sent means no filter.
/// </summary>
internal sealed class BouncerDecisionFilter
{
    private readonly string[] _scopes;
    private readonly string[] _origins;
    private readonly string[] _containing;
    private readonly string[] _notContaining;

    private BouncerDecisionFilter(string[] scopes, string[] origins, string[] containing, string[] notContaining)
    {
        _scopes = scopes;
        _origins = origins;
        _containing = containing;
        _notContaining = notContaining;
    }

    public static BouncerDecisionFilter From(IQueryCollection query) =>
        new(List(query["scopes"]), List(query["origins"]), List(query["scenarios_containing"]), List(query["scenarios_not_containing"]));

    public bool Matches(BouncerDecision decision)
    {
        string scenario = decision.Reason;
        return (_scopes.Length == 0 || _scopes.Contains(ScopeOf(decision), StringComparer.OrdinalIgnoreCase))
            && (_origins.Length == 0 || _origins.Contains(OriginOf(decision.Origin), StringComparer.OrdinalIgnoreCase))
            && (_containing.Length == 0 || _containing.Any(s => scenario.Contains(s, StringComparison.OrdinalIgnoreCase)))
            && !_notContaining.Any(s => scenario.Contains(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A decision in the local API's shape, with the time left at <paramref name="now"/>.</summary>
    public static LapiDecision ToLapi(BouncerDecision decision, DateTimeOffset now) =>
        new(decision.Id, OriginOf(decision.Origin), "ban", ScopeOf(decision), decision.Address.ToString(),
            GoDuration.Format(decision.ExpiresAt - now), decision.Reason, decision.ExpiresAt, Simulated: false);

    /// <summary>"Ip" for one address, "Range" for a block, as CrowdSec spells its scopes.</summary>
    public static string ScopeOf(BouncerDecision decision) =>
        decision.Address.IsSingleAddress ? "Ip" : "Range";

    /// <summary>
    /// CrowdSec's origin names where they exist ("crowdsec" for agents' alerts, "cscli" for hand-made bans), the
    /// receiver's name otherwise, so a bouncer configured with <c>origins</c> can pick what it enforces.
    /// </summary>
    public static string OriginOf(ReportSource source) => source switch
    {
        ReportSource.CrowdSec => "crowdsec",
        ReportSource.Operator => "cscli",
        ReportSource.Fail2ban => "fail2ban",
        ReportSource.Graylog => "graylog",
        ReportSource.Syslog => "syslog",
        ReportSource.SnmpTrap => "snmptrap",
        _ => "gateway",
    };

    private static string[] List(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
