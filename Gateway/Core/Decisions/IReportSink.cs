namespace FirewallGateway.Core.Decisions;

/// <summary>
/// All a receiver sees of the core. The returned task completes only once the report is durable, so a
/// receiver may answer its client with success as soon as it has an outcome.
/// </summary>
public interface IReportSink
{
    /// <summary>Normalises, filters, merges and stores one report, and queues the change for every target.</summary>
    ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken);
}
