using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Storage;

/// <summary>A report as stored: what came in, which decision it fed, and the outcome code.</summary>
public sealed record StoredReport(long Id, BanReport Report, long? DecisionId, string Outcome);
