using FirewallGateway.CrowdSec;
using FirewallGateway.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>Go duration text both ways, and watcher tokens: signed, lapsing on the clock, never forged.</summary>
public sealed class GoDurationAndTokenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-18-jwt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-5000, "0s")]
    [InlineData(1500, "1.5s")]
    [InlineData(61_000, "1m1s")]
    [InlineData(14_398_123, "3h59m58.123s")]
    [InlineData(36_000_000, "10h0m0s")]
    public void Format_IsWhatGoPrints(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("4h", 14_400_000)]
    [InlineData("3h59m58.5s", 14_398_500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("2m30s", 150_000)]
    public void TryParse_GoDurations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-4h")]
    [InlineData("4")]
    [InlineData("4 h")]
    [InlineData("4d")]
    [InlineData("0s")]
    [InlineData("99999999999999999999h")]
    public void TryParse_RefusesWhatIsNotAPositiveDuration(string? text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void Token_ValidUntilItsLifetime_ThenRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = Tokens(clock);
        var (token, expires) = tokens.Issue("agent1");

        Assert.Equal(clock.GetUtcNow().AddHours(1), expires);
        Assert.Equal("agent1", tokens.Validate(token));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("agent1", tokens.Validate(token));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void Token_SurvivesARestart_ButNotTampering()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (token, _) = Tokens(clock).Issue("agent1");
        Assert.Equal("agent1", Tokens(clock).Validate(token));

        string[] parts = token.Split('.');
        string forgedPayload = Convert.ToBase64String("{\"id\":\"admin\",\"exp\":9999999999}"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Null(Tokens(clock).Validate($"{parts[0]}.{forgedPayload}.{parts[2]}"));
        Assert.Null(Tokens(clock).Validate($"eyJhbGciOiJub25lIn0.{parts[1]}."));
        Assert.Null(Tokens(clock).Validate("garbage"));
        Assert.Null(Tokens(clock).Validate($"{parts[0]}.{parts[1]}.!!!"));
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("8.00:00:00")]
    public void Options_TokenLifetimeOutOfRange_FailureNamesTheKey(string lifetime)
    {
        var result = new CrowdSecOptionsValidator().Validate(null, new CrowdSecOptions { TokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(result.Failed);
        Assert.Contains("CrowdSec:TokenLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    private WatcherTokens Tokens(TimeProvider clock) => new(
        Options.Create(new GatewayOptions { DataDirectory = _folder }),
        Options.Create(new CrowdSecOptions()),
        clock);
}
