namespace FirewallGateway.Core.Decisions;

/// <summary>A report waiting for the writer, and the caller waiting for its durable outcome.</summary>
internal sealed class PendingReport(BanReport report) : TaskCompletionSource<ReportOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public BanReport Report { get; } = report;
}
