using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Enforces bans in local nftables sets. Each batch is ONE <c>nft -f -</c> transaction (all or nothing); when
/// nft refuses it, the batch is split in halves until the refused items are alone, so one bad item never
/// blocks the others. Bans rewrite each element with the decision's timeout, so they answer
/// <see cref="ItemOutcome.Applied"/> even for an element that was there (its timeout changed). Unbans of single
/// addresses are add-then-delete in the hash sets (Applied); unbans of CIDR blocks delete only what a listing
/// of the (small) interval sets shows present, the rest is confirmed as <see cref="ItemOutcome.AlreadyPresent"/>.
/// </summary>
internal sealed class NftablesAdapter : IFirewallAdapter
{
    private readonly NftablesOptions _options;
    private readonly NftSetNames _names;
    private readonly INftRunner _nft;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeoutUpdateProbe _probe;
    private bool _ensured;

    public NftablesAdapter(string targetName, NftablesOptions options, INftRunner nft, TimeProvider time, ILogger logger)
    {
        TargetName = targetName;
        _options = options;
        _names = NftSetNames.From(options);
        _nft = nft;
        _time = time;
        _logger = logger;
        _probe = new TimeoutUpdateProbe(_names, nft, time);
    }

    public string TargetName { get; }

    public int MaxBatchSize => _options.MaxBatchSize;

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        if (batch.Count == 0)
        {
            return new BatchResult(outcomes);
        }

        await PrepareAsync(cancellationToken);
        bool replace = !await _probe.KernelReplacesTimeoutAsync(cancellationToken);
        Func<IEnumerable<BanEntry>, string> script = replace
            ? items => NftScript.BanReplacing(_names, items, _time.GetUtcNow())
            : items => NftScript.Ban(_names, items, _time.GetUtcNow());
        await ApplyAsync(
            batch,
            Enumerable.Range(0, batch.Count).ToArray(),
            outcomes,
            script,
            (entry, error, _) => Task.FromResult(Refused(entry.Address, error)),
            cancellationToken);
        return new BatchResult(outcomes);
    }

    public async ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        if (batch.Count == 0)
        {
            return new BatchResult(outcomes);
        }

        await PrepareAsync(cancellationToken);
        int[] singles = Enumerable.Range(0, batch.Count).Where(i => batch[i].IsSingleAddress).ToArray();
        if (singles.Length > 0)
        {
            await ApplyAsync(batch, singles, outcomes, items => NftScript.UnbanSingles(_names, items), UnbanAloneAsync, cancellationToken);
        }

        int[] ranges = Enumerable.Range(0, batch.Count).Where(i => !batch[i].IsSingleAddress).ToArray();
        if (ranges.Length == 0)
        {
            return new BatchResult(outcomes);
        }

        // In an interval set a delete of an absent element fails the transaction and a bare add may overlap
        // another block, so only listed blocks are deleted; the interval sets hold few entries, so the listing is cheap.
        var held = await HeldAsync(_names.Ranges, cancellationToken);
        var present = new List<int>();
        foreach (int i in ranges)
        {
            if (held.Contains(batch[i]))
            {
                present.Add(i);
            }
            else
            {
                outcomes[i] = ItemOutcome.AlreadyPresent;
            }
        }

        if (present.Count > 0)
        {
            await ApplyAsync(batch, present.ToArray(), outcomes, items => NftScript.Delete(_names, items), UnbanAloneAsync, cancellationToken);
        }

        return new BatchResult(outcomes);
    }

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // After a reboot or a flush of the ruleset the table is gone. Throwing here would fail every reconcile
        // for good; re-created, the sets hold nothing, and the reconcile that called this re-adds every decision.
        if (_options.CreateIfMissing && await FindMissingSetAsync(cancellationToken) is not null)
        {
            await EnsureAsync(cancellationToken);
            yield break;
        }

        await foreach (var entry in ListSetsAsync(_names.All, cancellationToken))
        {
            yield return entry;
        }
    }

    private async IAsyncEnumerable<EnforcedEntry> ListSetsAsync(string[] sets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (string set in sets)
        {
            var result = await _nft.RunAsync(["-j", "list", "set", _names.Family, _names.Table, set], null, cancellationToken);
            if (!result.Succeeded)
            {
                throw new NftTransportException($"cannot list set {_names.Qualified(set)}: {result.Error}");
            }

            var (entries, skipped) = NftSetListing.Parse(result.StandardOutput, _time.GetUtcNow());
            if (skipped > 0)
            {
                Log.ListSkipped(_logger, TargetName, skipped, set);
            }

            foreach (var entry in entries)
            {
                yield return entry;
            }
        }
    }

    public async ValueTask<TargetHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_options.CreateIfMissing)
            {
                await EnsureAsync(cancellationToken);
            }

            string? missing = await FindMissingSetAsync(cancellationToken);
            return missing is null
                ? TargetHealth.Ok($"nft runs; sets {string.Join(", ", _names.All)} of table {_names.Family} {_names.Table} exist")
                : new TargetHealth(Reachable: true, Authenticated: true, Ready: false, missing);
        }
        catch (NftTransportException ex)
        {
            return TargetHealth.Unreachable(ex.Message);
        }
    }

    private async Task<HashSet<BanAddress>> HeldAsync(string[] sets, CancellationToken cancellationToken)
    {
        var held = new HashSet<BanAddress>();
        try
        {
            await foreach (var entry in ListSetsAsync(sets, cancellationToken))
            {
                held.Add(entry.Address);
            }
        }
        catch (NftTransportException) when (_options.CreateIfMissing)
        {
            if (await FindMissingSetAsync(cancellationToken) is null)
            {
                throw;
            }

            // The table was deleted behind the gateway's back: re-created, it holds nothing to remove.
            await EnsureAsync(cancellationToken);
            held.Clear();
        }

        return held;
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_options.CreateIfMissing && !_ensured)
        {
            await EnsureAsync(cancellationToken);
        }
    }

    private async Task ApplyAsync<T>(
        IReadOnlyList<T> batch,
        int[] indices,
        ItemOutcome[] outcomes,
        Func<IEnumerable<T>, string> script,
        Func<T, string, CancellationToken, Task<ItemOutcome>> alone,
        CancellationToken cancellationToken)
    {
        var first = await RunScriptAsync(script(indices.Select(i => batch[i])), cancellationToken);
        if (first.Succeeded)
        {
            MarkApplied(outcomes, indices);
            return;
        }

        // A missing table or set fails every item alike: that is the target's state, not the items' fault,
        // so the whole batch goes back to the dispatcher (or is retried once after re-creating the sets).
        if (await FindMissingSetAsync(cancellationToken) is { } missing)
        {
            if (!_options.CreateIfMissing)
            {
                throw new NftTransportException(missing);
            }

            await EnsureAsync(cancellationToken);
            first = await RunScriptAsync(script(indices.Select(i => batch[i])), cancellationToken);
            if (first.Succeeded)
            {
                MarkApplied(outcomes, indices);
                return;
            }
        }

        Log.BatchRefused(_logger, TargetName, indices.Length, first.Error);
        await SplitAsync(batch, indices, outcomes, script, alone, first.Error, cancellationToken);
    }

    private async Task SplitAsync<T>(
        IReadOnlyList<T> batch,
        ArraySegment<int> indices,
        ItemOutcome[] outcomes,
        Func<IEnumerable<T>, string> script,
        Func<T, string, CancellationToken, Task<ItemOutcome>> alone,
        string error,
        CancellationToken cancellationToken)
    {
        // Called only for a range nft refused as a whole.
        if (indices.Count == 1)
        {
            outcomes[indices[0]] = await alone(batch[indices[0]], error, cancellationToken);
            return;
        }

        int half = indices.Count / 2;
        foreach (var part in new[] { indices[..half], indices[half..] })
        {
            var result = await RunScriptAsync(script(part.Select(i => batch[i])), cancellationToken);
            if (result.Succeeded)
            {
                MarkApplied(outcomes, part);
            }
            else
            {
                await SplitAsync(batch, part, outcomes, script, alone, result.Error, cancellationToken);
            }
        }
    }

    private static void MarkApplied(ItemOutcome[] outcomes, IEnumerable<int> indices)
    {
        foreach (int i in indices)
        {
            outcomes[i] = ItemOutcome.Applied;
        }
    }

    private Task<ItemOutcome> UnbanAloneAsync(BanAddress address, string error, CancellationToken cancellationToken) =>
        // Alone, a delete fails only when the element went away since the listing (its timeout ran out): that
        // is the wanted state. Anything else is a real refusal.
        Task.FromResult(error.Contains("does not exist", StringComparison.Ordinal) || error.Contains("No such file", StringComparison.Ordinal)
            ? ItemOutcome.AlreadyPresent
            : Refused(address, error));

    private ItemOutcome Refused(BanAddress address, string error)
    {
        Log.ItemRefused(_logger, TargetName, address.ToString(), error);

        // A refusal (e.g. it overlaps a range already in the set) depends on the set's other entries, so it is
        // kept and retried at the slowest pace rather than hammered.
        return ItemOutcome.Failed($"nft refused {address}: {error}", retryable: false);
    }

    private Task<NftResult> RunScriptAsync(string script, CancellationToken cancellationToken) =>
        _nft.RunAsync(["-f", "-"], script, cancellationToken);

    private async Task<string?> FindMissingSetAsync(CancellationToken cancellationToken)
    {
        foreach (string set in _names.All)
        {
            // Terse: the elements are not printed, so this stays cheap on a set of a million entries.
            var result = await _nft.RunAsync(["-t", "list", "set", _names.Family, _names.Table, set], null, cancellationToken);
            if (!result.Succeeded)
            {
                return $"set {_names.Qualified(set)} is not usable: {result.Error}";
            }
        }

        return null;
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var result = await RunScriptAsync(NftScript.Ensure(_names, _options.DropForward), cancellationToken);
        if (!result.Succeeded)
        {
            throw new NftTransportException($"cannot create table {_names.Family} {_names.Table} and its sets: {result.Error}");
        }

        _ensured = true;
        Log.Ensured(_logger, TargetName, _names.Table, _names.AllText);
    }
}
