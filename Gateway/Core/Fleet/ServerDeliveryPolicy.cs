using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// The registry's rules for a server that is also a target (a target with the server's name):
/// report-only servers hold nothing; a ban duration shortens each entry to last seen + that duration;
/// group scope keeps decisions first reported by a server of the same group (and operator locks);
/// a cap (the server's own or Policy:TargetMaxEntries) keeps the most reported decisions, ties broken by the most
/// recently seen, then the longest ban, then the newest.
/// An operator lock limited to some targets reaches only those (server or not). With corroboration on, a decision
/// fewer reporters saw than required reaches only the targets of the servers that reported it. A folding target
/// (Policy:RangeFolding) then gets covering ranges for crowded prefixes, and only after that is its budget applied:
/// a range is one entry.
/// </summary>
internal sealed class ServerDeliveryPolicy : ITargetDeliveryPolicy
{
    private readonly IServerStore _servers;
    private readonly IDecisionStore _decisions;
    private readonly ILockTargetStore _locks;
    private readonly TargetedLocks _inFlight;
    private readonly Corroboration _corroboration;
    private readonly TargetBudgets _budgets;
    private readonly RangeFolding _folding;

    public ServerDeliveryPolicy(
        IServerStore servers,
        IDecisionStore decisions,
        ILockTargetStore locks,
        TargetedLocks inFlight,
        Corroboration corroboration,
        TargetBudgets budgets,
        RangeFolding folding)
    {
        _folding = folding;
        _corroboration = corroboration;
        _budgets = budgets;
        _servers = servers;
        _decisions = decisions;
        _locks = locks;
        _inFlight = inFlight;
    }

    public async ValueTask<TargetDelivery?> ForTargetAsync(string target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var making = _inFlight.InFlight();
        var limits = new Limits(await _locks.ListLockLimitsAsync(cancellationToken), making);
        var server = await _servers.GetServerAsync(target, cancellationToken);
        if (server is null)
        {
            return making.Count > 0 || limits.Stored.Values.Any(l => !l.Contains(target)) || _corroboration.Enabled || _budgets.For(target) is not null
                || _folding.Folds(target)
                ? await LockedElsewhereAsync(target, limits, now, cancellationToken)
                : null;
        }

        if (!server.Active)
        {
            return new TargetDelivery(server.Name, new Dictionary<BanAddress, DateTimeOffset>(), false, $"server {server.Name} is report-only");
        }

        var groupReporters = server.Scope == "group" ? await GroupReportersAsync(server.Group, cancellationToken) : null;
        var candidates = new List<(Decision Decision, DateTimeOffset Until)>();
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(now, cancellationToken))
        {
            var until = server.BanDuration is { } duration && decision.LastSeen + duration < decision.ExpiresAt
                ? decision.LastSeen + duration
                : decision.ExpiresAt;
            if (until > now && (groupReporters is null || FromGroup(decision, groupReporters)) && limits.Allows(decision, target)
                && (await _corroboration.PendingReportersAsync(decision, cancellationToken) is not { } reporters || reporters.Contains(server.Credential)))
            {
                candidates.Add((decision, until));
            }
        }

        var (entries, folds) = _folding.Fold(target, candidates);
        int? max = Min(server.MaxAddresses, _budgets.For(target));
        bool capped = max is not null && entries.Count > max;
        var kept = _budgets.Apply(target, entries, max);
        string why = groupReporters is not null
            ? $"server {server.Name} only receives bans reported in its group {server.Group}" + (capped ? $" and at most {max}" : string.Empty)
            : max is not null ? (max == server.MaxAddresses
                ? $"server {server.Name} receives at most {max} addresses (most reported, then most recently seen, then longest ban first)"
                : TargetBudgets.Why(target, max.Value))
            : _corroboration.Why;
        return Delivery(server.Name, kept, capped, why, folds);
    }

    /// <summary>
    /// A target that is no server: every decision but the locks an operator limited to other targets and, with
    /// corroboration on, the decisions not yet corroborated (no reporter owns such a target).
    /// </summary>
    private async ValueTask<TargetDelivery> LockedElsewhereAsync(
        string target, Limits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = new List<(Decision Decision, DateTimeOffset Until)>();
        bool lockedElsewhere = false;
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(now, cancellationToken))
        {
            if (!limits.Allows(decision, target))
            {
                lockedElsewhere = true;
            }
            else if (await _corroboration.PendingReportersAsync(decision, cancellationToken) is null)
            {
                candidates.Add((decision, decision.ExpiresAt));
            }
        }

        var (entries, folds) = _folding.Fold(target, candidates);
        int? max = _budgets.For(target);
        bool capped = max is not null && entries.Count > max;
        var kept = _budgets.Apply(target, entries, max);

        string[] reasons = [
            .. lockedElsewhere ? [$"the operator locked it on other targets only, not on {target}"] : Array.Empty<string>(),
            .. _corroboration.Enabled ? [_corroboration.Why] : Array.Empty<string>(),
            .. capped ? [TargetBudgets.Why(target, max!.Value)] : Array.Empty<string>()];
        return Delivery(target, kept, capped, string.Join("; or ", reasons), folds);
    }

    private TargetDelivery Delivery(
        string target, IReadOnlyList<(Decision Decision, DateTimeOffset Until)> kept, bool capped, string why, FoldView? folds)
    {
        var wanted = kept.ToDictionary(c => c.Decision.Address, c => c.Until);
        return new TargetDelivery(target, wanted, capped, why) { Folds = _folding.Held(target, folds, kept, wanted) };
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static bool FromGroup(Decision decision, HashSet<string> reporters) =>
        decision.Origin == ReportSource.Operator || (decision.CreatedBy is { } by && reporters.Contains(by));

    private async ValueTask<HashSet<string>> GroupReportersAsync(string? group, CancellationToken cancellationToken) =>
        (await _servers.ListServersAsync(cancellationToken)).Where(s => s.Group == group).Select(s => s.Credential).ToHashSet(StringComparer.Ordinal);

    /// <summary>Stored lock limits by decision, and those of locks being made by address.</summary>
    private sealed record Limits(IReadOnlyDictionary<long, IReadOnlySet<string>> Stored, Dictionary<BanAddress, IReadOnlySet<string>> Making)
    {
        public bool Allows(Decision decision, string target) =>
            (!Stored.TryGetValue(decision.Id, out var only) || only.Contains(target))
            && (decision.Origin != ReportSource.Operator || !Making.TryGetValue(decision.Address, out var making) || making.Contains(target));
    }
}
