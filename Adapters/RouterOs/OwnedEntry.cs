namespace FirewallGateway.Adapters.RouterOs;

/// <summary>What the adapter knows of one of its own entries on the router.</summary>
/// <param name="Id">The router's <c>.id</c> (<c>*1A</c>).</param>
/// <param name="ExpiresAt">When the router drops it; null for an entry without timeout.</param>
/// <param name="DecisionId">The decision named in the entry's comment.</param>
internal readonly record struct OwnedEntry(string Id, DateTimeOffset? ExpiresAt, long DecisionId);
