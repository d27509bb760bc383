using System.Globalization;
using System.Text;
using FirewallGateway.Api;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Reports;

/// <summary>Builds the period summary (API, CLI and e-mail share it) and its plain-text rendering.</summary>
internal sealed class ReportComposer
{
    private readonly IReportStatistics _statistics;
    private readonly IDecisionStore _decisions;

    public ReportComposer(IReportStatistics statistics, IDecisionStore decisions)
    {
        _statistics = statistics;
        _decisions = decisions;
    }

    public async ValueTask<ReportSummaryView> SummarizeAsync(DateTimeOffset from, DateTimeOffset to, int top, CancellationToken cancellationToken)
    {
        var addresses = await _statistics.TopAttackersAsync(from, to, top, cancellationToken);
        var servers = await _statistics.TopReportingHostsAsync(from, to, top, cancellationToken);
        return new ReportSummaryView(
            from,
            to,
            await _statistics.CountReportsAsync(from, to, cancellationToken),
            await _decisions.CountActiveDecisionsAsync(cancellationToken),
            addresses.Select(r => new RankedView(r.Name, r.Reports, r.Distinct)).ToList(),
            servers.Select(r => new RankedView(r.Name, r.Reports, r.Distinct)).ToList());
    }

    /// <summary>The summary as text for e-mail and the CLI.</summary>
    public static string Render(ReportSummaryView summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"FirewallGateway report {Time(summary.From)} - {Time(summary.To)} (UTC)\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Reports received: {summary.Reports}\nActive decisions now: {summary.ActiveDecisions}\n\n");
        Table(text, "Top attacking addresses", "ADDRESS", "SERVERS", summary.TopAddresses);
        Table(text, "Most attacked servers (by reporting host)", "SERVER", "ADDRESSES", summary.TopServers);
        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, string nameHeader, string distinctHeader, IReadOnlyList<RankedView> rows)
    {
        text.Append(title).Append('\n');
        if (rows.Count == 0)
        {
            text.Append("  (none)\n\n");
            return;
        }

        // Names are reporting hosts as reporters and syslog headers gave them: printable only, one row per line.
        var names = rows.Select(r => PrintableText.Escape(r.Name)).ToList();
        int width = Math.Max(nameHeader.Length, names.Max(n => n.Length));
        text.Append(CultureInfo.InvariantCulture, $"  {"#",3}  {nameHeader.PadRight(width)}  {"REPORTS",8}  {distinctHeader}\n");
        for (int i = 0; i < rows.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {i + 1,3}  {names[i].PadRight(width)}  {rows[i].Reports,8}  {rows[i].Distinct}\n");
        }

        text.Append('\n');
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
