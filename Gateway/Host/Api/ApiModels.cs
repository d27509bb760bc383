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
public sealed record ManualBanRequest(string? Address, string? Duration, string? Reason, IReadOnlyList<string>? Targets = null);

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

/// <summary>The pull stream's answer: a snapshot (only adds) or the changes after the consumer's cursor.</summary>
public sealed record StreamView(string Consumer, bool Snapshot, long Cursor, bool More, IReadOnlyList<StreamChangeView> Changes);

/// <summary>One change: <c>op</c> "add" (block until <c>expiresAt</c>) or "remove"; sequence 0 in a snapshot.</summary>
public sealed record StreamChangeView(long Sequence, string Op, string Address, DateTimeOffset ExpiresAt);

/// <summary>A stream consumer and the last change it was given.</summary>
public sealed record StreamConsumerView(string Name, string? Owner, long Cursor, DateTimeOffset UpdatedAt);

/// <summary>Top attackers and most-attacked servers (by reporting host) for a period.</summary>
public sealed record ReportSummaryView(
    DateTimeOffset From, DateTimeOffset To, long Reports, long ActiveDecisions, IReadOnlyList<RankedView> TopAddresses, IReadOnlyList<RankedView> TopServers);

/// <summary>A ranked row: for an address, <c>distinct</c> is the number of servers that reported it; for a server, the number of addresses.</summary>
public sealed record RankedView(string Name, long Reports, long Distinct);

/// <summary>The answer to "send the e-mail report now".</summary>
public sealed record EmailSentView(IReadOnlyList<string> To, string Subject, DateTimeOffset From, DateTimeOffset Until);

/// <summary>The result of an on-demand connection check of one target.</summary>
public sealed record TargetCheckView(
    string Target, string Kind, bool Reachable, bool Authenticated, bool Ready, bool Healthy, string Detail, DateTimeOffset CheckedAt,
    FirewallGateway.TargetSnmp.TargetSnmpStatus? Snmp = null);

/// <summary>
/// A server to register or change: <c>scope</c> "fleet" or "group" (with <c>group</c>), <c>active</c> false for
/// report-only (honeypot), <c>banDuration</c> like "4h", <c>maxAddresses</c> the cap when it is also a target.
/// </summary>
public sealed record ServerRequest(string? Name, string? Address, int? MaxAddresses, string? BanDuration, string? Scope, string? Group, bool? Active);

/// <summary>A registered server as the API shows it.</summary>
public sealed record ServerView(
    string Name, string Address, string Credential, int? MaxAddresses, string? BanDuration, string Scope, string? Group, bool Active,
    long? AllowListId, DateTimeOffset CreatedAt);

/// <summary>A newly registered server with its reporter password, shown once.</summary>
public sealed record ServerCreated(ServerView Server, string Password);

/// <summary>Unlock: the address or block whose active decision ends everywhere it was pushed.</summary>
public sealed record UnlockRequest(string? Address);
