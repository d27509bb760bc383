using System.Diagnostics.Metrics;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Diagnostics;

/// <summary>Counters of what the core made of reports, by receiver and outcome.</summary>
public sealed class ReportMetrics
{
    /// <summary>The name of the gateway's meter; every component's instruments live under it.</summary>
    public const string MeterName = "FirewallGateway";

    private readonly Counter<long> _reports;
    private readonly Counter<long> _commits;

    public ReportMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reports = meter.CreateCounter<long>("firewallgateway.reports", description: "Reports by receiver, result and reason");
        _commits = meter.CreateCounter<long>(
            "firewallgateway.writer.commits", description: "Group commits of the decision writer (reports per commit = its average batch)");
    }

    internal void Record(ReportSource source, ReportOutcome outcome)
    {
        var (result, reason) = outcome switch
        {
            ReportOutcome.Accepted accepted => ("accepted", accepted.Created ? OutcomeCodes.Created : OutcomeCodes.Merged),
            ReportOutcome.Ignored ignored => ("ignored", ignored.Code),
            ReportOutcome.Rejected rejected => ("rejected", rejected.Code),
            _ => ("unknown", "unknown"),
        };
        _reports.Add(
            1,
            new KeyValuePair<string, object?>("receiver", SourceTag(source)),
            new KeyValuePair<string, object?>("result", result),
            new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Counts a report a receiver refused before it reached the core (bad input), by reason.</summary>
    internal void RecordCommit() => _commits.Add(1);

    public void RecordRejectedInput(ReportSource source, string reason) =>
        _reports.Add(
            1,
            new KeyValuePair<string, object?>("receiver", SourceTag(source)),
            new KeyValuePair<string, object?>("result", "rejected"),
            new KeyValuePair<string, object?>("reason", reason));

    private static string SourceTag(ReportSource source) => source switch
    {
        ReportSource.Fail2ban => "fail2ban",
        ReportSource.Graylog => "graylog",
        ReportSource.Syslog => "syslog",
        ReportSource.CrowdSec => "crowdsec",
        ReportSource.SnmpTrap => "snmptrap",
        _ => "operator",
    };
}
