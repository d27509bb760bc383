using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// The registry's rules for a server that is also a target (a target with the server's name):
/// report-only servers hold nothing; a ban duration shortens each entry to last seen + that duration;
/// group scope keeps decisions first reported by a server of the same group (and operator locks);
/// a cap keeps the most reported decisions, ties broken by the most recently seen, then the newest.
/// An operator lock limited to some targets reaches only those (server or not).
/// </summary>
internal sealed class ServerDeliveryPolicy : ITargetDeliveryPolicy
{
    private readonly IServerStore _servers;
    private readonly IDecisionStore _decisions;
    private readonly ILockTargetStore _locks;
    private readonly TargetedLocks _inFlight;

    public ServerDeliveryPolicy(IServerStore servers, IDecisionStore decisions, ILockTargetStore locks, TargetedLocks inFlight)
    {
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
            return making.Count > 0 || limits.Stored.Values.Any(l => !l.Contains(target))
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
            if (until > now && (groupReporters is null || FromGroup(decision, groupReporters)) && limits.Allows(decision, target))
            {
                candidates.Add((decision, until));
            }
        }

        bool capped = server.MaxAddresses is { } max && candidates.Count > max;
        var kept = capped
            ? candidates.OrderByDescending(c => c.Decision.ReportCount).ThenByDescending(c => c.Decision.LastSeen)
                .ThenByDescending(c => c.Decision.Id).Take(server.MaxAddresses!.Value)
            : candidates;
        string why = groupReporters is not null
            ? $"server {server.Name} only receives bans reported in its group {server.Group}" + (capped ? $" and at most {server.MaxAddresses}" : string.Empty)
            : $"server {server.Name} receives at most {server.MaxAddresses} addresses (most reported first)";
        return new TargetDelivery(server.Name, kept.ToDictionary(c => c.Decision.Address, c => c.Until), capped, why);
    }

    /// <summary>A target that is no server: every decision but the locks an operator limited to other targets.</summary>
    private async ValueTask<TargetDelivery> LockedElsewhereAsync(
        string target, Limits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<BanAddress, DateTimeOffset>();
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(now, cancellationToken))
        {
            if (limits.Allows(decision, target))
            {
                wanted[decision.Address] = decision.ExpiresAt;
            }
        }

        return new TargetDelivery(target, wanted, false, $"the operator locked it on other targets only, not on {target}");
    }

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
