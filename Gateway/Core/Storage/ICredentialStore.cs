namespace FirewallGateway.Core.Storage;

/// <summary>Logins for reporters and operators.</summary>
public interface ICredentialStore
{
    ValueTask<Credential?> FindCredentialAsync(string name, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Credential>> ListCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces the login with this name.</summary>
    ValueTask UpsertCredentialAsync(Credential credential, CancellationToken cancellationToken);

    ValueTask<bool> RemoveCredentialAsync(string name, CancellationToken cancellationToken);
}
