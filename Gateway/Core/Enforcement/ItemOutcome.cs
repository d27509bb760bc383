namespace FirewallGateway.Core.Enforcement;

/// <summary>What a target did with one item of a batch.</summary>
public enum ItemOutcomeKind
{
    /// <summary>The target changed: the entry was added or removed.</summary>
    Applied,

    /// <summary>The target already was in the wanted state (duplicate add, removal of an absent entry): confirmed.</summary>
    AlreadyPresent,

    /// <summary>The target refused or failed the item.</summary>
    Failed,
}

/// <summary>The result for one item; <see cref="Retryable"/> and <see cref="Why"/> only matter for failures.</summary>
public readonly record struct ItemOutcome(ItemOutcomeKind Kind, bool Retryable = false, string? Why = null)
{
    public static ItemOutcome Applied { get; } = new(ItemOutcomeKind.Applied);

    public static ItemOutcome AlreadyPresent { get; } = new(ItemOutcomeKind.AlreadyPresent);

    /// <summary>True when the target confirmed the item (applied or already so).</summary>
    public bool IsConfirmed => Kind != ItemOutcomeKind.Failed;

    public static ItemOutcome Failed(string why, bool retryable = true) => new(ItemOutcomeKind.Failed, retryable, why);
}
