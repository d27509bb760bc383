using System.Net;
using FirewallGateway.Auth;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>The validator's guessing defences with a fake clock and an in-memory credential list (the real store is tested elsewhere).</summary>
public sealed class CredentialValidatorTests : IDisposable
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Reporter = IPAddress.Parse("127.0.0.3");
    private static readonly string Web1Hash = PasswordHasher.Hash("right");
    private readonly FakeTimeProvider _clock = new(Some.Start);
    private readonly AnonymousRequestLog _log;
    private readonly PasswordCheckSlots _slots;
    private readonly CredentialValidator _validator;

    public CredentialValidatorTests()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new LoginThrottleOptions { SourceBurst = 3, LoginBurst = 5 });
        _log = new AnonymousRequestLog(NullLoggerFactory.Instance, _clock);
        _slots = new PasswordCheckSlots(options);
        _validator = new CredentialValidator(
            new OneLogin(new Credential("web1", GatewayRoles.Reporter, Web1Hash, true, Some.Start)), _clock, new LoginThrottle(options, _clock), _slots, _log);
    }

    public void Dispose()
    {
        _log.Dispose();
        _slots.Dispose();
    }

    [Fact]
    public async Task UnknownLogin_CostsOnePasswordHash_LikeAKnownOne()
    {
        await _validator.ValidateAsync(Attacker, "web1", "wrong", CancellationToken.None);
        Assert.Equal(1, _validator.PasswordHashes);
        var check = await _validator.ValidateAsync(Attacker, "nobody", "wrong", CancellationToken.None);
        Assert.Null(check.Role);
        Assert.Equal(2, _validator.PasswordHashes);
    }

    [Fact]
    public async Task WrongPassword_DoesNotEvictTheRememberedLogin()
    {
        Assert.Equal(GatewayRoles.Reporter, (await _validator.ValidateAsync(Reporter, "web1", "right", CancellationToken.None)).Role);
        Assert.Null((await _validator.ValidateAsync(Attacker, "web1", "wrong", CancellationToken.None)).Role);
        long hashes = _validator.PasswordHashes;

        Assert.Equal(GatewayRoles.Reporter, (await _validator.ValidateAsync(Reporter, "web1", "right", CancellationToken.None)).Role);
        Assert.Equal(hashes, _validator.PasswordHashes);
    }

    [Fact]
    public async Task ThrottledSource_IsRefusedBeforeHashing_UntilItsTimeComes()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Null((await _validator.ValidateAsync(Attacker, "nobody" + i, "x", CancellationToken.None)).RetryAfter);
        }

        long hashes = _validator.PasswordHashes;
        var refused = await _validator.ValidateAsync(Attacker, "web1", "right", CancellationToken.None);
        Assert.Null(refused.Role);
        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
        Assert.Equal(hashes, _validator.PasswordHashes);

        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(GatewayRoles.Reporter, (await _validator.ValidateAsync(Attacker, "web1", "right", CancellationToken.None)).Role);
    }

    [Fact]
    public async Task GuessedLogin_IsThrottledFromEverySource_ButItsRememberedReporterStillPasses()
    {
        Assert.Equal(GatewayRoles.Reporter, (await _validator.ValidateAsync(Reporter, "web1", "right", CancellationToken.None)).Role);
        for (int i = 0; i < 5; i++)
        {
            await _validator.ValidateAsync(IPAddress.Parse($"127.0.1.{i + 1}"), "web1", "guess" + i, CancellationToken.None);
        }

        Assert.NotNull((await _validator.ValidateAsync(IPAddress.Parse("127.0.1.99"), "web1", "guess", CancellationToken.None)).RetryAfter);
        Assert.Equal(GatewayRoles.Reporter, (await _validator.ValidateAsync(Reporter, "web1", "right", CancellationToken.None)).Role);
    }

    private sealed class OneLogin(Credential credential) : ICredentialStore
    {
        public ValueTask<Credential?> FindCredentialAsync(string name, CancellationToken cancellationToken) =>
            ValueTask.FromResult(name == credential.Name ? credential : null);

        public ValueTask<IReadOnlyList<Credential>> ListCredentialsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Credential>>([credential]);

        public ValueTask UpsertCredentialAsync(Credential credential, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> RemoveCredentialAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
