using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// Turns one alert of a CrowdSec agent into gateway reports: each ban decision on an Ip or Range becomes a
/// report with the scenario as its jail and the machine as its reporter, so the gateway's policy (allow-list,
/// reserved ranges, its own addresses, escalation) decides as for any other report. An agent running without
/// a local API of its own sends no decisions but <c>remediation: true</c>: its source address is then the
/// decision, as CrowdSec's default profile would make it, with the gateway's ban duration.
/// Simulated alerts and decisions, other types (captcha...) and other scopes (Country, AS...) are skipped.
/// </summary>
internal static class AlertReports
{
    private const int MaxReasonLength = 256;
    private const int MaxEvidenceLength = 4000;

    /// <summary>The reports of <paramref name="alert"/>, or why it is malformed (the whole request is refused then).</summary>
    public static (IReadOnlyList<BanReport> Reports, string? Error) From(LapiAlert alert, string machineId, DateTimeOffset now)
    {
        if (alert.Simulated == true)
        {
            return ([], null);
        }

        string scenario = Truncate(string.IsNullOrWhiteSpace(alert.Scenario) ? "crowdsec" : alert.Scenario.Trim(), MaxReasonLength);
        var decisions = alert.Decisions is { Count: > 0 } given
            ? given
            : alert.Remediation == true && alert.Source is { } source
                ? [new LapiAlertDecision("ban", source.Scope, source.Value ?? source.Ip ?? source.Range, null, scenario, false)]
                : [];
        var reports = new List<BanReport>(decisions.Count);
        foreach (var decision in decisions)
        {
            bool isIp = string.Equals(decision.Scope, "ip", StringComparison.OrdinalIgnoreCase);
            if (decision.Simulated == true || !string.Equals(decision.Type, "ban", StringComparison.OrdinalIgnoreCase)
                || !(isIp || string.Equals(decision.Scope, "range", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!BanAddress.TryParse(decision.Value, out var address) || (isIp && !address.IsSingleAddress))
            {
                return ([], $"decision value '{decision.Value}' is not {(isIp ? "an IP address" : "a CIDR range")}");
            }

            TimeSpan? duration = null;
            if (decision.Duration is not null)
            {
                if (!GoDuration.TryParse(decision.Duration, out var parsed))
                {
                    return ([], $"decision duration '{decision.Duration}' is not a positive Go duration such as 4h or 3h59m58s");
                }

                duration = parsed;
            }

            string reason = string.IsNullOrWhiteSpace(decision.Scenario) ? scenario : Truncate(decision.Scenario.Trim(), MaxReasonLength);
            reports.Add(new BanReport(address, machineId, ReportSource.CrowdSec, reason, duration, now)
            {
                Host = machineId,
                Rule = reason,
                Failures = alert.EventsCount,
                Evidence = alert.Message is null ? null : Truncate(alert.Message, MaxEvidenceLength),
            });
        }

        return (reports, null);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
