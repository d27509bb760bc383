using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Unit;

public sealed class AdapterTests
{
    private static readonly DateTimeOffset Later = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BanAsync_500Entries_ThreeCommandsOfAtMost200()
    {
        var runner = new FakeRunner(c => Ok(CountAddresses(c).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var adapter = Adapter(runner, o => o.MaxAddressesPerCall = 200);

        var result = await adapter.BanAsync(Entries(500), CancellationToken.None);

        Assert.Equal([200, 200, 100], runner.Commands.Select(CountAddresses));
        Assert.All(runner.Commands, c => Assert.StartsWith("fail2ban-client set gateway banip ", c, StringComparison.Ordinal));
        Assert.Equal(500, result.Items.Count);
        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Applied, i.Kind));
    }

    [Fact]
    public async Task BanAsync_DuplicateInBatch_SentOnceAndBothSlotsAnswered()
    {
        var runner = new FakeRunner(_ => Ok("1"));
        var adapter = Adapter(runner);
        var entry = new BanEntry(BanAddress.Parse("1.0.1.9"), 1, Later);

        var result = await adapter.BanAsync([entry, entry with { DecisionId = 2 }], CancellationToken.None);

        Assert.Equal("fail2ban-client set gateway banip 1.0.1.9", Assert.Single(runner.Commands));
        Assert.Equal(2, result.Items.Count);
        Assert.All(result.Items, i => Assert.True(i.IsConfirmed));
    }

    [Fact]
    public async Task BanAsync_NoneNew_AlreadyPresent()
    {
        var adapter = Adapter(new FakeRunner(_ => Ok("0")));

        var result = await adapter.BanAsync(Entries(3), CancellationToken.None);

        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.AlreadyPresent, i.Kind));
    }

    [Fact]
    public async Task BanAsync_WrapperRefuses_FailedNotRetryable()
    {
        var adapter = Adapter(new FakeRunner(_ => new SshCommandResult(77, string.Empty, "refused: not an allowed fail2ban-client command for jail gateway")));

        var outcome = Assert.Single((await adapter.BanAsync(Entries(1), CancellationToken.None)).Items);

        Assert.Equal(ItemOutcomeKind.Failed, outcome.Kind);
        Assert.False(outcome.Retryable);
        Assert.Contains("refused", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BanAsync_Fail2banError_FailedRetryable()
    {
        var adapter = Adapter(new FakeRunner(_ => new SshCommandResult(255, string.Empty, "Sorry but the jail 'gateway' does not exist")));

        var outcome = Assert.Single((await adapter.BanAsync(Entries(1), CancellationToken.None)).Items);

        Assert.Equal(ItemOutcomeKind.Failed, outcome.Kind);
        Assert.True(outcome.Retryable);
        Assert.Contains("does not exist", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnbanAsync_AllowUnbanOff_NothingSentAndConfirmedAsAlreadySo()
    {
        var runner = new FakeRunner(_ => Ok("1"));
        var adapter = Adapter(runner);

        var result = await adapter.UnbanAsync([BanAddress.Parse("1.0.1.9")], CancellationToken.None);

        Assert.Empty(runner.Commands);
        var outcome = Assert.Single(result.Items);
        Assert.Equal(ItemOutcomeKind.AlreadyPresent, outcome.Kind);
        Assert.Contains("AllowUnban", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnbanAsync_AllowUnbanOn_SendsUnbanip()
    {
        var runner = new FakeRunner(_ => Ok("1"));
        var adapter = Adapter(runner, o => o.AllowUnban = true);

        var result = await adapter.UnbanAsync([BanAddress.Parse("1.0.1.9")], CancellationToken.None);

        Assert.Equal("fail2ban-client set gateway unbanip 1.0.1.9", Assert.Single(runner.Commands));
        Assert.Equal(ItemOutcomeKind.Applied, Assert.Single(result.Items).Kind);
    }

    [Fact]
    public async Task ListAsync_FirewallInBerlin_EndsConvertedToTheRightInstant()
    {
        var runner = new FakeRunner(_ => Ok("1.0.1.9 \t2026-11-23 10:00:00 + 3600 = 2026-11-23 11:00:00\n"));
        var adapter = Adapter(runner, o => o.FirewallTimeZone = "Europe/Berlin");

        var entry = Assert.Single(await adapter.ListAsync(CancellationToken.None).ToListAsync());

        Assert.Equal("fail2ban-client get gateway banip --with-time", Assert.Single(runner.Commands));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), entry.ExpiresAt);
    }

    [Fact]
    public async Task ListAsync_ReadRefused_Throws()
    {
        var adapter = Adapter(new FakeRunner(_ => new SshCommandResult(77, string.Empty, "refused: reading the jail not allowed")));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await adapter.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task CheckAsync_TransportThrows_UnreachableNeverThrows()
    {
        var adapter = Adapter(new FakeRunner(_ => throw new TimeoutException("no answer")));

        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.False(health.Reachable);
        Assert.Contains("no answer", health.Detail, StringComparison.Ordinal);
    }

    private static Fail2banSshAdapter Adapter(FakeRunner runner, Action<Fail2banSshOptions>? change = null)
    {
        var options = new Fail2banSshOptions { Host = "fw1", User = "firewallgateway", KeyFile = "/k", Jail = "gateway", HostKeySha256 = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU" };
        change?.Invoke(options);
        return new Fail2banSshAdapter("fw", options, runner, new CapturingLogger(), new FakeTimeProvider(Later));
    }

    private static List<BanEntry> Entries(int count) =>
        Enumerable.Range(0, count).Select(i => new BanEntry(BanAddress.Parse($"1.0.{i / 250}.{(i % 250) + 1}"), i, Later)).ToList();

    private static int CountAddresses(string command) => command.Split(' ').Length - 4;

    private static SshCommandResult Ok(string output) => new(0, output, string.Empty);
}
