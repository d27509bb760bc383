using System.Globalization;
using FirewallGateway.Core.Filtering;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    public async ValueTask<IReadOnlyList<AllowListEntry>> ListAllowListAsync(CancellationToken cancellationToken) =>
        await ReadAsync(Sql.ListAllowList, Rows.AllowListEntry, cancellationToken);

    public ValueTask<AllowListEntry> AddAllowListEntryAsync(AllowListEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(
            async session =>
            {
                var id = await session.ScalarAsync(
                    Sql.InsertAllowListEntry,
                    cancellationToken,
                    entry.Address.ToString(),
                    AddressRange.Start(entry.Address),
                    AddressRange.End(entry.Address),
                    entry.Comment,
                    entry.Active,
                    StoreCodes.ToDb(entry.ExpiresAt),
                    entry.Source,
                    StoreCodes.ToUnixMs(entry.CreatedAt));
                return entry with { Id = Convert.ToInt64(id, CultureInfo.InvariantCulture) };
            },
            cancellationToken);
    }

    public ValueTask<bool> SetAllowListEntryActiveAsync(long id, bool active, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(Sql.SetAllowListEntryActive, cancellationToken, active, id) > 0, cancellationToken);

    public ValueTask<bool> RemoveAllowListEntryAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(Sql.DeleteAllowListEntry, cancellationToken, id) > 0, cancellationToken);
}
