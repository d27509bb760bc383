using FirewallGateway.Core.Filtering;

namespace FirewallGateway.Core.Storage;

/// <summary>Allow-list entries kept in the store (operator entries and those of registered servers).</summary>
public interface IAllowListStore
{
    ValueTask<IReadOnlyList<AllowListEntry>> ListAllowListAsync(CancellationToken cancellationToken);

    /// <summary>Adds an entry (its id is ignored) and returns it with its id.</summary>
    ValueTask<AllowListEntry> AddAllowListEntryAsync(AllowListEntry entry, CancellationToken cancellationToken);

    /// <summary>Turns an entry on or off; false when there was none with that id.</summary>
    ValueTask<bool> SetAllowListEntryActiveAsync(long id, bool active, CancellationToken cancellationToken);

    /// <summary>Removes an entry; false when there was none with that id.</summary>
    ValueTask<bool> RemoveAllowListEntryAsync(long id, CancellationToken cancellationToken);
}
