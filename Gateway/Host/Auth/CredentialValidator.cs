using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Auth;

/// <summary>
/// Checks Basic credentials against the store. A PBKDF2 check costs tens of milliseconds by design, and
/// fail2ban hosts send the same password on every report, so a successful check is remembered for a short
/// time as a SHA-256 digest of the password (never the password itself); a changed password or removed login
/// takes effect when that memory lapses.
/// Against guessing: a remembered login is answered first (no throttle, so attackers cannot lock a working
/// reporter out); otherwise a source or login with too many failures is refused before any hashing; hashes
/// run in a bounded number of slots; an unknown login is hashed against a dummy so it takes as long as a known
/// one; and a wrong password never evicts a remembered login.
/// </summary>
internal sealed partial class CredentialValidator
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    // Same scheme and iteration count as real hashes, so verifying against it costs the same.
    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(PasswordHasher.NewPassword()));

    private readonly ICredentialStore _store;
    private readonly TimeProvider _time;
    private readonly LoginThrottle _throttle;
    private readonly PasswordCheckSlots _slots;
    private readonly AnonymousRequestLog _log;
    private readonly ConcurrentDictionary<string, RememberedLogin> _remembered = new(StringComparer.Ordinal);
    private long _passwordHashes;

    public CredentialValidator(ICredentialStore store, TimeProvider time, LoginThrottle throttle, PasswordCheckSlots slots, AnonymousRequestLog log)
    {
        _store = store;
        _time = time;
        _throttle = throttle;
        _slots = slots;
        _log = log;
    }

    /// <summary>Password hashes computed so far (tests check that unknown logins cost one too).</summary>
    public long PasswordHashes => Interlocked.Read(ref _passwordHashes);

    /// <summary>The role of a valid login, a refusal, or how long the source or login must wait.</summary>
    public async ValueTask<LoginCheck> ValidateAsync(IPAddress? source, string name, string password, CancellationToken cancellationToken)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var now = _time.GetUtcNow();
        if (_remembered.TryGetValue(name, out var known) && known.Until > now && CryptographicOperations.FixedTimeEquals(known.Digest, digest))
        {
            return LoginCheck.Valid(known.Role);
        }

        if (_throttle.RetryAfter(source, name) is { } wait)
        {
            return LoginCheck.Throttled(wait);
        }

        if (!await _slots.TryEnterAsync(cancellationToken))
        {
            return LoginCheck.Busy;
        }

        Credential? credential;
        bool passwordMatches;
        try
        {
            credential = await _store.FindCredentialAsync(name, cancellationToken);
            Interlocked.Increment(ref _passwordHashes);
            passwordMatches = PasswordHasher.Verify(password, credential?.PasswordHash ?? DummyHash.Value);
        }
        finally
        {
            _slots.Exit();
        }

        if (credential is null || !credential.Active)
        {
            // The store says the login is gone: that (not a wrong password) ends what was remembered.
            _remembered.TryRemove(name, out _);
        }

        if (credential is null || !credential.Active || !GatewayRoles.IsKnown(credential.Role) || !passwordMatches)
        {
            _throttle.RecordFailure(source, name);
            _log.Write((name, source), static (logger, s) => Log.LoginFailed(logger, s.name, s.source?.ToString() ?? "-"));
            return LoginCheck.Invalid;
        }

        _remembered[name] = new RememberedLogin(digest, credential.Role, _time.GetUtcNow() + RememberFor);
        return LoginCheck.Valid(credential.Role);
    }

    /// <summary>Forgets a login at once (after it was changed or removed through this gateway).</summary>
    public void Forget(string name) => _remembered.TryRemove(name, out _);

    private sealed record RememberedLogin(byte[] Digest, string Role, DateTimeOffset Until);

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Login failed for '{Login}' from {Source}")]
        public static partial void LoginFailed(ILogger logger, string login, string source);
    }
}
