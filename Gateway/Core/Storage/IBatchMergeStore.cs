using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Storage;

/// <summary>
/// A store that applies the decision writer's whole batch on the database server in one round trip (PostgreSQL:
/// a server-side function). The merge rules are the ones <see cref="ReportMerger"/> applies report by report
/// through <see cref="IDecisionWriteTransaction"/>; what needs the gateway's memory (the address filter, the echo
/// reporters, the clamped duration) is decided before the call and passed with each report.
/// </summary>
public interface IBatchMergeStore
{
    /// <summary>Merges the reports in order, in one transaction, and returns one result per report, in order.</summary>
    ValueTask<IReadOnlyList<BatchMergeResult>> MergeBatchAsync(
        IReadOnlyList<BatchMergeItem> items, BatchMergeRules rules, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>One report and what the gateway decided about it before the store sees it.</summary>
/// <param name="Report">The report as received.</param>
/// <param name="FilterCode">The address filter's verdict code (stored, never banned), or null when the address may be banned.</param>
/// <param name="EchoReporter">True when the reporter is an echo reporter: it never extends an active decision.</param>
/// <param name="BaseDuration">The requested (or default) duration clamped to policy, before escalation.</param>
/// <param name="Banned">The address the decision is about when it differs from the report's (IPv6 widening); null: the report's.</param>
public sealed record BatchMergeItem(BanReport Report, string? FilterCode, bool EchoReporter, TimeSpan BaseDuration, BanAddress? Banned = null)
{
    /// <summary>What the decision is about: the report's own address, or the IPv6 block that covers it (<c>Policy:IPv6BanPrefix</c>).</summary>
    public BanAddress BannedAddress => Banned ?? Report.Address;
}

/// <summary>The policy numbers the merge needs on the server.</summary>
public sealed record BatchMergeRules(
    double EscalationFactor, TimeSpan EscalationWindow, TimeSpan MaximumBanDuration, TimeSpan MinimumExtensionToPush);

/// <summary>
/// What became of one report: <paramref name="Code"/> is an <see cref="OutcomeCodes"/> value (or the filter's
/// code); <paramref name="Decision"/> is the decision as it stands after this report (null for filtered and
/// duplicate reports); <paramref name="Enqueued"/> is true when the change was queued for the targets.
/// </summary>
public sealed record BatchMergeResult(string Code, Decision? Decision, bool Enqueued);
