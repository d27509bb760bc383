using System.Collections.Concurrent;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>A report sink that keeps what it is given (the core is tested elsewhere; these tests stop at its door).</summary>
internal sealed class RecordingSink : IReportSink
{
    public ConcurrentQueue<BanReport> Reports { get; } = new();

    public ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
    {
        Reports.Enqueue(report);
        return ValueTask.FromResult<ReportOutcome>(new ReportOutcome.Rejected("recorded", "test sink"));
    }
}
