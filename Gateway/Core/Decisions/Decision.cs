using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The gateway's one decision about an address: there is at most one active decision per address, repeats
/// are merged into it (report count, last seen, a later expiry).
/// </summary>
public sealed record Decision(
    long Id,
    BanAddress Address,
    ReportSource Origin,
    string Reason,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset ExpiresAt,
    int ReportCount,
    DecisionState State)
{
    /// <summary>The operator or reporter that caused the decision.</summary>
    public string? CreatedBy { get; init; }
}
