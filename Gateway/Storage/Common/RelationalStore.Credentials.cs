using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Common;

internal abstract partial class RelationalStore
{
    public async ValueTask<Credential?> FindCredentialAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(Sql.FindCredential, Rows.Credential, cancellationToken, name)).FirstOrDefault();

    public async ValueTask<IReadOnlyList<Credential>> ListCredentialsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(Sql.ListCredentials, Rows.Credential, cancellationToken);

    public async ValueTask UpsertCredentialAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await WriteAsync(
            session => session.ExecuteAsync(
                Sql.UpsertCredential,
                cancellationToken,
                credential.Name,
                credential.Role,
                credential.PasswordHash,
                credential.Active,
                StoreCodes.ToUnixMs(credential.CreatedAt)),
            cancellationToken);
    }

    public ValueTask<bool> RemoveCredentialAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async session => await session.ExecuteAsync(Sql.DeleteCredential, cancellationToken, name) > 0, cancellationToken);
}
