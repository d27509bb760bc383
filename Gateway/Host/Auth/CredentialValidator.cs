using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Auth;

/// <summary>
/// Checks Basic credentials against the store. A PBKDF2 check costs tens of milliseconds by design, and
/// fail2ban hosts send the same password on every report, so a successful check is remembered for a short
/// time as a SHA-256 digest of the password (never the password itself); a changed password or removed login
/// takes effect when that memory lapses.
/// </summary>
internal sealed class CredentialValidator
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    private readonly ICredentialStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, RememberedLogin> _remembered = new(StringComparer.Ordinal);

    public CredentialValidator(ICredentialStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>The role of a valid login, or null.</summary>
    public async ValueTask<string?> ValidateAsync(string name, string password, CancellationToken cancellationToken)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var now = _time.GetUtcNow();
        if (_remembered.TryGetValue(name, out var known) && known.Until > now && CryptographicOperations.FixedTimeEquals(known.Digest, digest))
        {
            return known.Role;
        }

        var credential = await _store.FindCredentialAsync(name, cancellationToken);
        if (credential is null || !credential.Active || !GatewayRoles.IsKnown(credential.Role)
            || !PasswordHasher.Verify(password, credential.PasswordHash))
        {
            _remembered.TryRemove(name, out _);
            return null;
        }

        _remembered[name] = new RememberedLogin(digest, credential.Role, now + RememberFor);
        return credential.Role;
    }

    /// <summary>Forgets a login at once (after it was changed or removed through this gateway).</summary>
    public void Forget(string name) => _remembered.TryRemove(name, out _);

    private sealed record RememberedLogin(byte[] Digest, string Role, DateTimeOffset Until);
}
