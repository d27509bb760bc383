using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Core.Storage;

/// <summary>A filter for listing decisions; null fields do not filter. Newest first.</summary>
public sealed record DecisionQuery(
    DecisionState? State = DecisionState.Active,
    BanAddress? Address = null,
    ReportSource? Origin = null,
    int Limit = 100,
    long? BeforeId = null);
