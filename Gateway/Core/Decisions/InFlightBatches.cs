namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The batches the decision writer has sent to a server-side store and not yet seen answered, with the keys the
/// server serialises them by (address, deduplication key). A report whose key is in flight must wait for that
/// batch: two batches in flight commit in any order, so only batches with disjoint keys may overlap, or a later
/// report for an address could merge before an earlier one.
/// </summary>
internal sealed class InFlightBatches(int capacity)
{
    private readonly List<(Task Write, List<PendingReport> Batch, List<string> Keys)> _batches = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public int Count => _batches.Count;

    public bool HasRoom => _batches.Count < capacity;

    /// <summary>True when a batch in flight carries one of <paramref name="keys"/>.</summary>
    public bool HoldsAny(IEnumerable<string> keys) => _keys.Overlaps(keys);

    public void Add(List<PendingReport> batch, List<string> keys, Task write)
    {
        _batches.Add((write, batch, keys));
        _keys.UnionWith(keys);
    }

    /// <summary>Forgets the answered batches; their keys are free for the reports waiting behind them.</summary>
    public void RemoveCompleted()
    {
        for (int i = _batches.Count - 1; i >= 0; i--)
        {
            if (_batches[i].Write.IsCompleted)
            {
                _keys.ExceptWith(_batches[i].Keys);
                _batches.RemoveAt(i);
            }
        }
    }

    public Task WhenAnyCompleted() => Task.WhenAny(_batches.Select(b => b.Write));

    /// <summary>
    /// At shutdown: waits for every batch in flight, then fails whichever caller is still waiting (a batch cut
    /// off by the stop was never acknowledged, so its callers answer 503 and the reporters send it again).
    /// </summary>
    public async Task DrainAsync()
    {
        await Task.WhenAll(_batches.Select(b => b.Write)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (_, batch, _) in _batches)
        {
            foreach (var pending in batch)
            {
                pending.TrySetException(new OperationCanceledException("the gateway is stopping"));
            }
        }

        _batches.Clear();
        _keys.Clear();
    }
}
