using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>A decision as the API shows it.</summary>
public sealed record DecisionView(
    long Id, string Address, string Origin, string Reason, DateTimeOffset FirstSeen, DateTimeOffset LastSeen,
    DateTimeOffset ExpiresAt, int ReportCount, string State, string? CreatedBy)
{
    public static DecisionView From(Decision d) => new(
        d.Id, d.Address.ToString(), d.Origin.ToString().ToLowerInvariant(), d.Reason, d.FirstSeen, d.LastSeen, d.ExpiresAt,
        d.ReportCount, d.State.ToString().ToLowerInvariant(), d.CreatedBy);
}

/// <summary>A manual ban: <c>duration</c> like "90s", "15m", "4h", "7d" (optional), <c>reason</c> (optional).</summary>
public sealed record ManualBanRequest(string? Address, string? Duration, string? Reason);

/// <summary>An allow-list entry as the API shows it.</summary>
public sealed record AllowListView(long Id, string Address, string Comment, bool Active, DateTimeOffset? ExpiresAt, string Source, DateTimeOffset CreatedAt)
{
    public static AllowListView From(AllowListEntry e) => new(e.Id, e.Address.ToString(), e.Comment, e.Active, e.ExpiresAt, e.Source, e.CreatedAt);
}

/// <summary>A new allow-list entry.</summary>
public sealed record AllowListRequest(string? Address, string? Comment, DateTimeOffset? ExpiresAt, bool? Active);

/// <summary>The answer to an allow-list addition: the entry and the decisions it lifted.</summary>
public sealed record AllowListAdded(AllowListView Entry, IReadOnlyList<DecisionView> Unbanned);

/// <summary>A target's state: configuration, contact history and queue.</summary>
public sealed record TargetView(
    string Name, string Kind, bool Enabled, string State, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastAttemptAt,
    string? LastError, int Pending, int Failing);

/// <summary>Everything about one address: why it is (or is not) blocked.</summary>
public sealed record AddressView(
    string Address, DecisionView? Decision, string? AllowedBy, IReadOnlyList<ReportView> Reports, IReadOnlyList<EnforcementView> Targets);

/// <summary>One stored report with its provenance.</summary>
public sealed record ReportView(
    long Id, string Reporter, string Source, string Reason, string? Host, string? Rule, string? Protocol, string? Port,
    int? Failures, DateTimeOffset ObservedAt, string Outcome, long? DecisionId, string? Evidence)
{
    public static ReportView From(StoredReport r) => new(
        r.Id, r.Report.Reporter, r.Report.Source.ToString().ToLowerInvariant(), r.Report.Reason, r.Report.Host, r.Report.Rule,
        r.Report.Protocol, r.Report.Port, r.Report.Failures, r.Report.ObservedAt, r.Outcome, r.DecisionId, r.Report.Evidence);
}

/// <summary>The state of an address on one target.</summary>
public sealed record EnforcementView(string Target, string State, string? Error, DateTimeOffset UpdatedAt, int Attempts);

/// <summary>A login to create: <c>role</c> is "reporter" or "operator"; a password is generated when none is given.</summary>
public sealed record CredentialRequest(string? Name, string? Role, string? Password);

/// <summary>A login as the API shows it (never its hash).</summary>
public sealed record CredentialView(string Name, string Role, bool Active, DateTimeOffset CreatedAt);

/// <summary>A created login with its password, shown once.</summary>
public sealed record CredentialCreated(string Name, string Role, string Password);

/// <summary>The health answer: "ok", "warning" (working but not protecting everything) or "degraded".</summary>
public sealed record HealthView(string Status, long ActiveDecisions, IReadOnlyList<string> Warnings, IReadOnlyList<ReceiverView> Receivers, IReadOnlyList<TargetView> Targets);

/// <summary>A receiver and whether it is enabled.</summary>
public sealed record ReceiverView(string Name, bool Enabled, string Detail);

/// <summary>A refusal: a stable code, a sentence, and the field it is about.</summary>
public sealed record ApiError(string Error, string Detail, string? Field = null);
