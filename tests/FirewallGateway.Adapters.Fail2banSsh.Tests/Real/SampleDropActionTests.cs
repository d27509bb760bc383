using System.Security.Cryptography;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>
/// The shipped jail with the shipped DROP action (nftables, FORWARD hook) on a fail2ban running inside a network
/// namespace of the test's own: pushed addresses and blocks end up in the drop sets.
/// </summary>
public sealed class SampleDropActionTests : IAsyncLifetime
{
    private readonly string _netns = "fwgw-f2b-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private CentralFirewallRig? _rig;

    public async Task InitializeAsync()
    {
        (await ProcessRunner.RunAsync("ip", "netns", "add", _netns)).EnsureSuccess("ip netns add");
        _rig = await CentralFirewallRig.StartAsync("--allow-read", _netns);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_rig is not null)
            {
                await _rig.DisposeAsync();
            }
        }
        finally
        {
            await ProcessRunner.RunAsync("ip", "netns", "del", _netns);
        }
    }

    [Fact]
    public async Task BanAsync_WithSampleDropAction_FillsTheForwardDropSets()
    {
        var adapter = _rig!.Adapter();
        var later = DateTimeOffset.UtcNow.AddHours(1);

        var result = await adapter.BanAsync(
            [new BanEntry(BanAddress.Parse("1.0.1.9"), 1, later), new BanEntry(BanAddress.Parse("1.0.9.0/24"), 2, later), new BanEntry(BanAddress.Parse("2a00:1450::9"), 3, later)],
            CancellationToken.None);

        Assert.All(result.Items, i => Assert.True(i.IsConfirmed, i.Why));
        string v4 = await NftAsync("-j", "list", "set", "inet", "firewallgateway", "addr-set-gateway");
        string v6 = await NftAsync("-j", "list", "set", "inet", "firewallgateway", "addr6-set-gateway");
        Assert.Contains("\"1.0.1.9\"", v4, StringComparison.Ordinal);
        Assert.Contains("\"addr\": \"1.0.9.0\", \"len\": 24", v4, StringComparison.Ordinal);
        Assert.Contains("\"2a00:1450::9\"", v6, StringComparison.Ordinal);
        string chain = await NftAsync("list", "chain", "inet", "firewallgateway", "gateway-drop");
        Assert.Contains("hook forward", chain, StringComparison.Ordinal);
        Assert.Contains("ip saddr @addr-set-gateway drop", chain, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", _rig.Firewall.ReadLog(), StringComparison.Ordinal);
    }

    private async Task<string> NftAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", ["netns", "exec", _netns, "nft", .. arguments]);
        return result.EnsureSuccess("nft " + string.Join(' ', arguments)).StandardOutput;
    }
}
