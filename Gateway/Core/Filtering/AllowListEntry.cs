using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Filtering;

/// <summary>
/// An address or block that is never banned by any path, operator bans included. Entries come from
/// configuration (<see cref="Source"/> "config"), from operators ("operator") or from the server registry
/// ("server:&lt;name&gt;", not editable by hand).
/// </summary>
public sealed record AllowListEntry(
    long Id,
    BanAddress Address,
    string Comment,
    bool Active,
    DateTimeOffset? ExpiresAt,
    string Source,
    DateTimeOffset CreatedAt)
{
    /// <summary>True when the entry protects addresses at <paramref name="now"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => Active && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>How refusals name this entry: its block, comment and origin.</summary>
    public string Describe() =>
        string.IsNullOrEmpty(Comment) ? $"allow-list entry {Address} ({Source})" : $"allow-list entry {Address} \"{Comment}\" ({Source})";
}
