using FirewallGateway.Auth;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage;

namespace FirewallGateway.Hosting;

/// <summary>
/// First start: when no operator login exists, create one with a random password and write it to a root-only
/// file beside the database, so the CLI on this machine works at once and no default password ever exists.
/// </summary>
internal static class AdminBootstrap
{
    public const string CredentialsFileName = "admin.credentials";

    public static async ValueTask<string?> EnsureOperatorAsync(
        ICredentialStore store, GatewayOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var logins = await store.ListCredentialsAsync(cancellationToken);
        if (logins.Any(c => c.Active && c.Role == GatewayRoles.Operator))
        {
            return null;
        }

        string password = PasswordHasher.NewPassword();
        await store.UpsertCredentialAsync(
            new Credential(options.BootstrapOperator, GatewayRoles.Operator, PasswordHasher.Hash(password), true, time.GetUtcNow()),
            cancellationToken);
        PrivateFiles.CreateFolder(options.DataDirectory);
        string path = Path.Combine(options.DataDirectory, CredentialsFileName);
        await using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync($"{options.BootstrapOperator}:{password}");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
