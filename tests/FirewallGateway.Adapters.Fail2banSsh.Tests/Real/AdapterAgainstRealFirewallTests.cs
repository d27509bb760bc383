using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>The adapter over real SSH to a real sshd, the shipped wrapper and a real fail2ban jail.</summary>
public sealed class AdapterAgainstRealFirewallTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(4);
    private CentralFirewallRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CentralFirewallRig.StartAsync("--allow-read");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task BanAsync_TwoAddresses_AppearInJailStatus()
    {
        var adapter = _rig.Adapter();

        var result = await adapter.BanAsync([Entry("1.0.1.9"), Entry("2a00:1450::9")], CancellationToken.None);

        Assert.All(result.Items, item => Assert.Equal(ItemOutcomeKind.Applied, item.Kind));
        var banned = await _rig.Firewall.BannedAsync();
        Assert.Contains("1.0.1.9", banned);
        Assert.Contains("2a00:1450::9", banned);
    }

    [Fact]
    public async Task BanAsync_AlreadyBanned_IsConfirmedAsAlreadyPresent()
    {
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.10")], CancellationToken.None);

        var again = await adapter.BanAsync([Entry("1.0.1.10")], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, Assert.Single(again.Items).Kind);
    }

    [Fact]
    public async Task BanAsync_500InABurst_ArriveInBatchesOverOneConnection()
    {
        var adapter = _rig.Adapter(o => o.MaxAddressesPerCall = 200);
        var entries = Enumerable.Range(0, 500).Select(i => Entry($"1.0.{(i / 250) + 20}.{(i % 250) + 1}")).ToList();

        var result = await adapter.BanAsync(entries, CancellationToken.None);

        Assert.All(result.Items, item => Assert.True(item.IsConfirmed, item.Why));
        Assert.Equal(500, (await _rig.Firewall.BannedAsync()).Count);
        Assert.Equal(3, _rig.WrapperLines("ACCEPTED banip"));
        Assert.Equal(1, _rig.Ssh.AcceptedLogins());
    }

    [Fact]
    public async Task ListAsync_AfterBans_ReturnsThemWithTheJailsEnd()
    {
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.11"), Entry("1.0.9.0/24")], CancellationToken.None);

        var listed = await adapter.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["1.0.1.11", "1.0.9.0/24"], listed.Select(e => e.Address.ToString()).Order(StringComparer.Ordinal));
        // The sample jail's bantime is one hour; the end is read in the firewall's zone (UTC here).
        Assert.All(listed, e => Assert.InRange(e.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(-2), DateTimeOffset.UtcNow.AddHours(1).AddMinutes(2)));
    }

    [Fact]
    public async Task BanAsync_AgainLater_ProlongsTheJailsEnd()
    {
        // How the reconciler renews a ban the jail would end before its decision: banip again prolongs it.
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.20")], CancellationToken.None);
        var first = Assert.Single(await adapter.ListAsync(CancellationToken.None).ToListAsync()).ExpiresAt!.Value;
        await Task.Delay(TimeSpan.FromSeconds(2.1));

        var again = await adapter.BanAsync([Entry("1.0.1.20")], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, Assert.Single(again.Items).Kind);
        var second = Assert.Single(await adapter.ListAsync(CancellationToken.None).ToListAsync()).ExpiresAt!.Value;
        Assert.True(second >= first.AddSeconds(2), $"end {first:O} was not prolonged (now {second:O})");
    }

    [Fact]
    public async Task UnbanAsync_AllowUnbanOff_SendsNothingAndTheBanStays()
    {
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.12")], CancellationToken.None);

        var result = await adapter.UnbanAsync([BanAddress.Parse("1.0.1.12")], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, Assert.Single(result.Items).Kind);
        Assert.Contains("1.0.1.12", await _rig.Firewall.BannedAsync());
        Assert.Equal(0, _rig.WrapperLines("unbanip"));
    }

    [Fact]
    public async Task UnbanAsync_AllowedByGatewayButNotByWrapper_FailsWithoutRetry()
    {
        var adapter = _rig.Adapter(o => o.AllowUnban = true);
        await adapter.BanAsync([Entry("1.0.1.13")], CancellationToken.None);

        var outcome = Assert.Single((await adapter.UnbanAsync([BanAddress.Parse("1.0.1.13")], CancellationToken.None)).Items);

        Assert.Equal(ItemOutcomeKind.Failed, outcome.Kind);
        Assert.False(outcome.Retryable);
        Assert.Contains("1.0.1.13", await _rig.Firewall.BannedAsync());
        Assert.Equal(1, _rig.WrapperLines("REFUSED (unbanip not allowed)"));
    }

    [Fact]
    public async Task BanAsync_AfterSshdRestart_ReconnectsAndBans()
    {
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.14")], CancellationToken.None);
        await _rig.Ssh.StopAsync();
        await _rig.Ssh.StartAsync();

        var result = await adapter.BanAsync([Entry("1.0.1.15")], CancellationToken.None);

        Assert.True(Assert.Single(result.Items).IsConfirmed);
        Assert.Contains("1.0.1.15", await _rig.Firewall.BannedAsync());
        Assert.Equal(2, _rig.Ssh.AcceptedLogins());
    }

    [Fact]
    public async Task BanAsync_SshdDown_ThrowsSoTheDispatcherRetries()
    {
        var adapter = _rig.Adapter(o => o.CommandTimeout = TimeSpan.FromSeconds(5));
        await _rig.Ssh.StopAsync();

        await Assert.ThrowsAnyAsync<Exception>(async () => await adapter.BanAsync([Entry("1.0.1.16")], CancellationToken.None));
        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.False(health.Reachable);
        Assert.DoesNotContain("1.0.1.16", await _rig.Firewall.BannedAsync());
    }

    [Fact]
    public async Task CheckAsync_HealthyFirewall_ReportsTheJail()
    {
        var adapter = _rig.Adapter();
        await adapter.BanAsync([Entry("1.0.1.17")], CancellationToken.None);

        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.True(health.Healthy, health.Detail);
        Assert.Contains("1 banned", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_WrongJail_IsReachableButNotReady()
    {
        var adapter = _rig.Adapter(o => o.Jail = "sshd");

        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.True(health.Authenticated);
        Assert.False(health.Ready);
        Assert.Equal(1, _rig.WrapperLines("REFUSED"));
    }

    [Fact]
    public async Task HostKeyMismatch_RefusesBeforeLogin_NothingSentAndBothFingerprintsLogged()
    {
        string wrong = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        var adapter = _rig.Adapter(o => o.HostKeySha256 = wrong);

        await Assert.ThrowsAsync<HostKeyMismatchException>(async () => await adapter.BanAsync([Entry("1.0.1.18")], CancellationToken.None));
        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.False(health.Healthy);
        Assert.False(health.Authenticated);
        Assert.Contains(_rig.Ssh.HostKeySha256, health.Detail, StringComparison.Ordinal);
        Assert.Contains(_rig.Logger.Lines, l => l.Contains(wrong, StringComparison.Ordinal) && l.Contains(_rig.Ssh.HostKeySha256, StringComparison.Ordinal));
        Assert.Equal(0, _rig.Ssh.AcceptedLogins());
        Assert.False(File.Exists(_rig.WrapperLog));
        Assert.Empty(await _rig.Firewall.BannedAsync());
    }

    [Fact]
    public async Task TrustOnFirstUse_NoPin_ConnectsAndLogsTheKeyToPin()
    {
        var adapter = _rig.Adapter(o =>
        {
            o.HostKeySha256 = null;
            o.TrustOnFirstUse = true;
        });

        await adapter.BanAsync([Entry("1.0.1.19")], CancellationToken.None);

        Assert.Contains(_rig.Logger.Lines, l => l.StartsWith("Warning 6303", StringComparison.Ordinal) && l.Contains(_rig.Ssh.HostKeySha256, StringComparison.Ordinal));
    }

    private static BanEntry Entry(string address) => new(BanAddress.Parse(address), 1, Later);
}
