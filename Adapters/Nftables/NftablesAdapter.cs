using System.Runtime.CompilerServices;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Enforces bans in local nftables sets. Each batch is ONE <c>nft -f -</c> transaction (all or nothing); when
/// nft refuses it, the batch is split in halves until the refused items are alone, so one bad item never
/// blocks the others. Bans always rewrite the element with the decision's timeout, so they answer
/// <see cref="ItemOutcome.Applied"/> even for an element that was there (its timeout changed).
/// </summary>
internal sealed class NftablesAdapter : IFirewallAdapter
{
    private readonly NftablesOptions _options;
    private readonly NftSetNames _names;
    private readonly INftRunner _nft;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _ensured;

    public NftablesAdapter(string targetName, NftablesOptions options, INftRunner nft, TimeProvider time, ILogger logger)
    {
        TargetName = targetName;
        _options = options;
        _names = NftSetNames.From(options);
        _nft = nft;
        _time = time;
        _logger = logger;
    }

    public string TargetName { get; }

    public int MaxBatchSize => _options.MaxBatchSize;

    public async ValueTask<BatchResult> BanAsync(IReadOnlyList<BanEntry> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        await ApplyAsync(
            batch,
            outcomes,
            items => NftScript.Ban(_names, items, _time.GetUtcNow()),
            (entry, error, _) => Task.FromResult(Refused(entry.Address, error)),
            cancellationToken);
        return new BatchResult(outcomes);
    }

    public async ValueTask<BatchResult> UnbanAsync(IReadOnlyList<BanAddress> batch, CancellationToken cancellationToken)
    {
        var outcomes = new ItemOutcome[batch.Count];
        await ApplyAsync(batch, outcomes, items => NftScript.Unban(_names, items), UnbanAloneAsync, cancellationToken);
        return new BatchResult(outcomes);
    }

    public async IAsyncEnumerable<EnforcedEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (string set in new[] { _names.Set4, _names.Set6 })
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
                ? TargetHealth.Ok($"nft runs; sets {_names.Qualified(_names.Set4)} and {_names.Set6} exist")
                : new TargetHealth(Reachable: true, Authenticated: true, Ready: false, missing);
        }
        catch (NftTransportException ex)
        {
            return TargetHealth.Unreachable(ex.Message);
        }
    }

    private async Task ApplyAsync<T>(
        IReadOnlyList<T> batch,
        ItemOutcome[] outcomes,
        Func<IEnumerable<T>, string> script,
        Func<T, string, CancellationToken, Task<ItemOutcome>> alone,
        CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (_options.CreateIfMissing && !_ensured)
        {
            await EnsureAsync(cancellationToken);
        }

        int[] all = Enumerable.Range(0, batch.Count).ToArray();
        var first = await RunScriptAsync(script(batch), cancellationToken);
        if (first.Succeeded)
        {
            Array.Fill(outcomes, ItemOutcome.Applied);
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
            first = await RunScriptAsync(script(batch), cancellationToken);
            if (first.Succeeded)
            {
                Array.Fill(outcomes, ItemOutcome.Applied);
                return;
            }
        }

        Log.BatchRefused(_logger, TargetName, batch.Count, first.Error);
        await SplitAsync(batch, all, outcomes, script, alone, first.Error, cancellationToken);
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
                foreach (int i in part)
                {
                    outcomes[i] = ItemOutcome.Applied;
                }
            }
            else
            {
                await SplitAsync(batch, part, outcomes, script, alone, result.Error, cancellationToken);
            }
        }
    }

    private async Task<ItemOutcome> UnbanAloneAsync(BanAddress address, string error, CancellationToken cancellationToken)
    {
        // The bare add of the unban script can be refused (it overlaps another interval) although the address
        // itself is not in the set: a plain delete tells "absent" (confirmed) from a real refusal.
        var result = await RunScriptAsync(NftScript.DeleteOnly(_names, address), cancellationToken);
        if (result.Succeeded)
        {
            return ItemOutcome.Applied;
        }

        return result.Error.Contains("does not exist", StringComparison.Ordinal)
            ? ItemOutcome.AlreadyPresent
            : Refused(address, result.Error);
    }

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
        foreach (string set in new[] { _names.Set4, _names.Set6 })
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
        Log.Ensured(_logger, TargetName, _names.Table, _names.Set4, _names.Set6);
    }
}
