namespace FirewallGateway.Core.Storage;

/// <summary>The server registry's rows (the registry itself keeps credentials and allow-list in step).</summary>
public interface IServerStore
{
    /// <summary>Adds a server; false when the name is taken.</summary>
    ValueTask<bool> AddServerAsync(ServerRecord server, CancellationToken cancellationToken);

    ValueTask<ServerRecord?> GetServerAsync(string name, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ServerRecord>> ListServersAsync(CancellationToken cancellationToken);

    /// <summary>Writes every field but name and creation time; false when there is no such server.</summary>
    ValueTask<bool> UpdateServerAsync(ServerRecord server, CancellationToken cancellationToken);

    ValueTask<bool> RemoveServerAsync(string name, CancellationToken cancellationToken);
}
