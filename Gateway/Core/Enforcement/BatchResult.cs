namespace FirewallGateway.Core.Enforcement;

/// <summary>One outcome per item of a batch, in the batch's order.</summary>
public sealed class BatchResult
{
    public BatchResult(IReadOnlyList<ItemOutcome> items)
    {
        Items = items;
    }

    public IReadOnlyList<ItemOutcome> Items { get; }

    /// <summary>The same outcome for every one of <paramref name="count"/> items.</summary>
    public static BatchResult All(int count, ItemOutcome outcome)
    {
        var items = new ItemOutcome[count];
        Array.Fill(items, outcome);
        return new BatchResult(items);
    }
}
