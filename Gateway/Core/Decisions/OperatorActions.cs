using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Decisions;

/// <summary>
/// What operators do besides reporting: manual bans (through the same policy as every report), removing a
/// decision everywhere, and allow-list changes that take effect at once, unbanning what a new entry covers.
/// </summary>
public sealed class OperatorActions
{
    private readonly IReportSink _sink;
    private readonly IDecisionStore _decisions;
    private readonly IAllowListStore _allowList;
    private readonly IOutboxSignal _signal;
    private readonly AddressFilter _filter;
    private readonly TimeProvider _time;

    public OperatorActions(
        IReportSink sink, IDecisionStore decisions, IAllowListStore allowList, IOutboxSignal signal, AddressFilter filter, TimeProvider time)
    {
        _sink = sink;
        _decisions = decisions;
        _allowList = allowList;
        _signal = signal;
        _filter = filter;
        _time = time;
    }

    /// <summary>Bans an address by hand; allow-listed and reserved addresses come back as Ignored with the matching entry.</summary>
    public ValueTask<ReportOutcome> BanAsync(BanAddress address, TimeSpan? duration, string reason, string operatorName, CancellationToken cancellationToken) =>
        _sink.SubmitAsync(
            new BanReport(address, operatorName, ReportSource.Operator, reason, duration, _time.GetUtcNow()) { Rule = "manual" },
            cancellationToken);

    /// <summary>Ends an active decision and queues its removal from every target; null when no such active decision.</summary>
    public async ValueTask<Decision?> RemoveAsync(long decisionId, CancellationToken cancellationToken)
    {
        var decision = await _decisions.GetDecisionAsync(decisionId, cancellationToken);
        if (decision is null || decision.State != DecisionState.Active)
        {
            return null;
        }

        var removed = await RemoveActiveAsync([decision.Address], cancellationToken);
        return removed.Count == 0 ? null : removed[0];
    }

    /// <summary>Adds an allow-list entry, applies it at once, and removes the active decisions it covers.</summary>
    public async ValueTask<(AllowListEntry Entry, IReadOnlyList<Decision> Unbanned)> AllowAsync(AllowListEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stored = await _allowList.AddAllowListEntryAsync(entry, cancellationToken);
        await RefreshAllowListAsync(cancellationToken);
        return (stored, await LiftCoveredAsync(stored, cancellationToken));
    }

    /// <summary>
    /// Turns an operator allow-list entry on (lifting the active decisions it covers, as adding it would) or off.
    /// Entries owned by the server registry are refused: switching one off would let the server be banned.
    /// </summary>
    public async ValueTask<(AllowListEntry? Entry, IReadOnlyList<Decision> Unbanned, string? Refusal)> SetAllowListActiveAsync(
        long id, bool active, CancellationToken cancellationToken)
    {
        var entry = (await _allowList.ListAllowListAsync(cancellationToken)).FirstOrDefault(e => e.Id == id);
        if (entry is null)
        {
            return (null, [], null);
        }

        if (entry.Source.StartsWith("server:", StringComparison.Ordinal))
        {
            return (entry, [], $"entry {id} belongs to registered {entry.Source}; change the server instead");
        }

        if (entry.Active == active || !await _allowList.SetAllowListEntryActiveAsync(id, active, cancellationToken))
        {
            return (entry, [], null);
        }

        var changed = entry with { Active = active };
        await RefreshAllowListAsync(cancellationToken);
        return (changed, await LiftCoveredAsync(changed, cancellationToken), null);
    }

    /// <summary>Removes an operator allow-list entry; entries owned by the server registry can only go with their server.</summary>
    public async ValueTask<(bool Removed, string? Refusal)> DisallowAsync(long id, CancellationToken cancellationToken)
    {
        var entry = (await _allowList.ListAllowListAsync(cancellationToken)).FirstOrDefault(e => e.Id == id);
        if (entry is null)
        {
            return (false, null);
        }

        if (entry.Source.StartsWith("server:", StringComparison.Ordinal))
        {
            return (false, $"entry {id} belongs to registered {entry.Source}; remove the server instead");
        }

        bool removed = await _allowList.RemoveAllowListEntryAsync(id, cancellationToken);
        await RefreshAllowListAsync(cancellationToken);
        return (removed, null);
    }

    /// <summary>
    /// Ends every active decision the filter would now refuse because it is allow-listed or protected, and
    /// queues the unbans: run at start, so a configured allow-list entry or a newly protected host lifts what it
    /// covers exactly as <see cref="AllowAsync"/> does for an entry added through the API.
    /// </summary>
    public async ValueTask<IReadOnlyList<(Decision Decision, string Why)>> LiftRefusedDecisionsAsync(CancellationToken cancellationToken)
    {
        // Reading every active decision costs a restart with 100,000 of them a noticeable moment: skip it when no
        // entry could cover a bannable address (the usual protected set, loopback listen addresses, is reserved anyway).
        var now = _time.GetUtcNow();
        if (!_filter.Entries.Any(e => e.IsInForce(now)) && _filter.Protected.All(p => ReservedRanges.FindOverlap(p.Address) is not null))
        {
            return [];
        }

        var covered = new List<BanAddress>();
        var reasons = new Dictionary<BanAddress, string>();
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(now, cancellationToken))
        {
            if (_filter.Check(decision.Address) is { Code: OutcomeCodes.AllowListed or OutcomeCodes.Protected } verdict)
            {
                covered.Add(decision.Address);
                reasons[decision.Address] = verdict.Message;
            }
        }

        if (covered.Count == 0)
        {
            return [];
        }

        return [.. (await RemoveActiveAsync(covered, cancellationToken)).Select(d => (d, reasons[d.Address]))];
    }

    /// <summary>
    /// Reloads the stored allow-list into the filter (at start and after every change) and wakes the target
    /// workers: a covering range a folding target holds may now cover an allow-listed address.
    /// </summary>
    public async ValueTask RefreshAllowListAsync(CancellationToken cancellationToken)
    {
        _filter.ReplaceStoredEntries(await _allowList.ListAllowListAsync(cancellationToken));
        _signal.Notify(null);
    }

    private async ValueTask<IReadOnlyList<Decision>> LiftCoveredAsync(AllowListEntry entry, CancellationToken cancellationToken)
    {
        if (!entry.IsInForce(_time.GetUtcNow()))
        {
            return [];
        }

        var covered = new List<BanAddress>();
        await foreach (var decision in _decisions.ListActiveDecisionsAsync(_time.GetUtcNow(), cancellationToken))
        {
            if (decision.Address.Overlaps(entry.Address))
            {
                covered.Add(decision.Address);
            }
        }

        return covered.Count == 0 ? [] : await RemoveActiveAsync(covered, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<Decision>> RemoveActiveAsync(IReadOnlyList<BanAddress> addresses, CancellationToken cancellationToken)
    {
        var removed = new List<Decision>();
        await using (var transaction = await _decisions.BeginWriteAsync(cancellationToken))
        {
            var now = _time.GetUtcNow();
            foreach (var address in addresses)
            {
                var active = await transaction.FindActiveDecisionAsync(address, cancellationToken);
                if (active is null)
                {
                    continue;
                }

                var ended = active with { State = DecisionState.Removed, LastSeen = now };
                await transaction.UpdateDecisionAsync(ended, cancellationToken);
                await transaction.EnqueueAsync(ChangeKind.Unban, ended, now, null, cancellationToken);
                removed.Add(ended);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (removed.Count > 0)
        {
            _signal.Notify(null);
        }

        return removed;
    }
}
