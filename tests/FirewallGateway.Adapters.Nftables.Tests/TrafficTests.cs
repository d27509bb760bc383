using FirewallGateway.Core.Addresses;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>
/// Traffic really stops: an "attacker" namespace (1.0.0.1, 2a00:1450::1) connects over a veth pair to a TCP
/// port in a "protected" namespace (1.0.0.2, 2a00:1450::2) whose nftables target the adapter drives.
/// </summary>
public sealed class TrafficTests : IAsyncLifetime
{
    private NetworkNamespace _attacker = null!;
    private NetworkNamespace _protected = null!;
    private TcpProbe _listener = null!;

    public async Task InitializeAsync()
    {
        _attacker = await NetworkNamespace.CreateAsync("fgatk");
        _protected = await NetworkNamespace.CreateAsync("fgprt");
        await _attacker.ConnectAsync(_protected, "1.0.0.1/24", "1.0.0.2/24", "2a00:1450::1/64", "2a00:1450::2/64");
        _listener = await TcpProbe.ListenAsync(_protected);

        // A fresh veth can lose the first neighbour solicitation (IPv6 more often), and the probe gives up after
        // 1 s: wait until both families flow before any test blames a ban for a missing path.
        foreach (string server in new[] { "1.0.0.2", "2a00:1450::2" })
        {
            await Eventually.WaitUntilAsync(
                async () => await TcpProbe.ConnectAsync(_attacker, server) == "ok", TimeSpan.FromSeconds(15), $"{server} to answer before any ban");
        }
    }

    public async Task DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        await _attacker.DisposeAsync();
        await _protected.DisposeAsync();
    }

    [Theory]
    [InlineData("1.0.0.1", "1.0.0.2")]
    [InlineData("1.0.0.0/24", "1.0.0.2")]
    [InlineData("2a00:1450::1", "2a00:1450::2")]
    [InlineData("2a00:1450::/64", "2a00:1450::2")]
    public async Task BanThenUnban_AttackerAddressOrRange_DroppedThenFlowsAgain(string banned, string server)
    {
        var adapter = TestTargets.Adapter(_protected);
        Assert.Equal("ok", await TcpProbe.ConnectAsync(_attacker, server));

        var ban = await adapter.BanAsync([TestTargets.Entry(banned, TimeSpan.FromHours(1))], TestTargets.Timeout());
        Assert.True(Assert.Single(ban.Items).IsConfirmed);
        Assert.StartsWith("blocked", await TcpProbe.ConnectAsync(_attacker, server), StringComparison.Ordinal);

        var unban = await adapter.UnbanAsync([BanAddress.Parse(banned)], TestTargets.Timeout());
        Assert.True(Assert.Single(unban.Items).IsConfirmed);
        Assert.Equal("ok", await TcpProbe.ConnectAsync(_attacker, server));
    }

    [Fact]
    public async Task Unban_AddressWhoseRangeIsStillBanned_StaysBlockedUntilTheRangeGoes()
    {
        var adapter = TestTargets.Adapter(_protected);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.1", TimeSpan.FromHours(1)), TestTargets.Entry("1.0.0.0/24", TimeSpan.FromHours(1))], TestTargets.Timeout());

        await adapter.UnbanAsync([BanAddress.Parse("1.0.0.1")], TestTargets.Timeout());
        Assert.StartsWith("blocked", await TcpProbe.ConnectAsync(_attacker, "1.0.0.2"), StringComparison.Ordinal);

        await adapter.UnbanAsync([BanAddress.Parse("1.0.0.0/24")], TestTargets.Timeout());
        Assert.Equal("ok", await TcpProbe.ConnectAsync(_attacker, "1.0.0.2"));
    }

    [Fact]
    public async Task Ban_AddressJustOutsideBannedRange_StillFlows()
    {
        var adapter = TestTargets.Adapter(_protected);

        await adapter.BanAsync([TestTargets.Entry("1.0.1.0/24", TimeSpan.FromHours(1)), TestTargets.Entry("2a00:1450:0:1::/64", TimeSpan.FromHours(1))], TestTargets.Timeout());

        Assert.Equal("ok", await TcpProbe.ConnectAsync(_attacker, "1.0.0.2"));
        Assert.Equal("ok", await TcpProbe.ConnectAsync(_attacker, "2a00:1450::2"));
    }

    [Fact]
    public async Task Ban_ShortTimeout_TrafficFlowsAgainAfterExpiry()
    {
        var adapter = TestTargets.Adapter(_protected);

        await adapter.BanAsync([TestTargets.Entry("1.0.0.1", TimeSpan.FromSeconds(2))], TestTargets.Timeout());

        Assert.StartsWith("blocked", await TcpProbe.ConnectAsync(_attacker, "1.0.0.2"), StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(
            async () => await TcpProbe.ConnectAsync(_attacker, "1.0.0.2") == "ok", TimeSpan.FromSeconds(10), "the element's timeout to lift the block");
    }
}
