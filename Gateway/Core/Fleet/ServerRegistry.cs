using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Core.Fleet;

/// <summary>
/// Registers, changes and removes servers, keeping the three things a server owns in step: its row, its
/// reporter login (same name as the server) and its allow-list entry (source <c>server:&lt;name&gt;</c>, which
/// operators cannot remove by hand). The caller hashes the password, so Core never sees one.
/// </summary>
public sealed class ServerRegistry
{
    /// <summary>The allow-list source prefix of entries owned by a server.</summary>
    public const string SourcePrefix = "server:";

    private readonly IServerStore _servers;
    private readonly ICredentialStore _credentials;
    private readonly IAllowListStore _allowList;
    private readonly OperatorActions _actions;
    private readonly TimeProvider _time;

    public ServerRegistry(IServerStore servers, ICredentialStore credentials, IAllowListStore allowList, OperatorActions actions, TimeProvider time)
    {
        _servers = servers;
        _credentials = credentials;
        _allowList = allowList;
        _actions = actions;
        _time = time;
    }

    public ValueTask<IReadOnlyList<ServerRecord>> ListAsync(CancellationToken cancellationToken) => _servers.ListServersAsync(cancellationToken);

    public ValueTask<ServerRecord?> GetAsync(string name, CancellationToken cancellationToken) => _servers.GetServerAsync(name, cancellationToken);

    /// <summary>
    /// Registers <paramref name="server"/> (its credential and allow-list id are filled in here) with a reporter
    /// login carrying <paramref name="passwordHash"/>; null and the reason when the name is taken.
    /// </summary>
    public async ValueTask<(ServerRecord? Server, string? Refusal)> RegisterAsync(ServerRecord server, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (await _servers.GetServerAsync(server.Name, cancellationToken) is not null)
        {
            return (null, $"server '{server.Name}' is already registered");
        }

        if (await _credentials.FindCredentialAsync(server.Name, cancellationToken) is not null)
        {
            return (null, $"a login named '{server.Name}' exists already; the server's reporter login takes its name");
        }

        var now = _time.GetUtcNow();
        var (entry, _) = await _actions.AllowAsync(AllowEntry(server.Name, server.Address, now), cancellationToken);
        var stored = server with { Credential = server.Name, AllowListId = entry.Id, CreatedAt = now };
        if (!await _servers.AddServerAsync(stored, cancellationToken))
        {
            await RemoveEntryAsync(entry.Id, cancellationToken);
            return (null, $"server '{server.Name}' is already registered");
        }

        await _credentials.UpsertCredentialAsync(new Credential(server.Name, GatewayRoles.Reporter, passwordHash, true, now), cancellationToken);
        return (stored, null);
    }

    /// <summary>Writes the changeable fields; a new address replaces the server's allow-list entry. Null when unknown.</summary>
    public async ValueTask<ServerRecord?> UpdateAsync(ServerRecord changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var current = await _servers.GetServerAsync(changed.Name, cancellationToken);
        if (current is null)
        {
            return null;
        }

        long? allowListId = current.AllowListId;
        if (!changed.Address.Equals(current.Address))
        {
            var (entry, _) = await _actions.AllowAsync(AllowEntry(current.Name, changed.Address, _time.GetUtcNow()), cancellationToken);
            if (current.AllowListId is { } old)
            {
                await RemoveEntryAsync(old, cancellationToken);
            }

            allowListId = entry.Id;
        }

        var updated = changed with { Credential = current.Credential, AllowListId = allowListId, CreatedAt = current.CreatedAt };
        return await _servers.UpdateServerAsync(updated, cancellationToken) ? updated : null;
    }

    /// <summary>Removes the server, its reporter login and its allow-list entry; false when unknown.</summary>
    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        var server = await _servers.GetServerAsync(name, cancellationToken);
        if (server is null)
        {
            return false;
        }

        await _servers.RemoveServerAsync(name, cancellationToken);
        await _credentials.RemoveCredentialAsync(server.Credential, cancellationToken);
        foreach (var entry in (await _allowList.ListAllowListAsync(cancellationToken)).Where(e => e.Source == SourcePrefix + name))
        {
            await _allowList.RemoveAllowListEntryAsync(entry.Id, cancellationToken);
        }

        await _actions.RefreshAllowListAsync(cancellationToken);
        return true;
    }

    private static AllowListEntry AllowEntry(string name, BanAddress address, DateTimeOffset now) =>
        new(0, address, $"registered server {name}", true, null, SourcePrefix + name, now);

    private async ValueTask RemoveEntryAsync(long id, CancellationToken cancellationToken)
    {
        await _allowList.RemoveAllowListEntryAsync(id, cancellationToken);
        await _actions.RefreshAllowListAsync(cancellationToken);
    }
}
