using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.RouterOs.Tests;

/// <summary>
/// The emulator behaves like a router where it matters (PROTOCOLS.md 1.8): addresses stored as their network, ranges
/// and DNS names accepted, <c>.tag</c> anywhere in a reply. (Its other "gone" text: RouterOsAdapterTests.*BehindOurBack*.)
/// </summary>
public sealed class RouterRealismTests
{
    private const string Menu = "/ip/firewall/address-list";
    private const string List = "Blocked address";

    [Theory]
    [InlineData("1.0.1.7/24", "1.0.1.0/24")]
    [InlineData("1.0.1.7/32", "1.0.1.7")]
    [InlineData("1.0.2.0-1.0.2.255", "1.0.2.0/24")]
    [InlineData("1.0.3.1-1.0.3.5", "1.0.3.1-1.0.3.5")]
    [InlineData("1.0.3.9-1.0.3.9", "1.0.3.9")]
    [InlineData("blocked.example.com", "blocked.example.com")]
    public async Task Add_AddressForm_StoredAsRouterStoresIt(string sent, string stored)
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();

        var added = await connection.RunAsync(new ApiCommand(Menu + "/add").With("list", List).With("address", sent), CancellationToken.None);
        var again = await connection.RunAsync(new ApiCommand(Menu + "/add").With("list", List).With("address", stored), CancellationToken.None);

        Assert.True(added.Succeeded, added.Trap?.ToString());
        Assert.Equal(stored, Assert.Single(router.Emulator.Entries()).Address);
        Assert.Contains("already have such entry", again.Trap?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.1.7/33")]
    [InlineData("1.0.1.9-1.0.1.1")]
    [InlineData("-bad-.example")]
    [InlineData("2a00:1450::1")]
    public async Task Add_NotAnAddressForIPv4List_Trapped(string sent)
    {
        await using var router = await TestRouter.StartAsync();
        var connection = await router.ConnectAsync();

        var reply = await connection.RunAsync(new ApiCommand(Menu + "/add").With("list", List).With("address", sent), CancellationToken.None);

        Assert.Contains("invalid value", reply.Trap?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_ListWithOperatorRangesAndNames_BansListsAndUnbansOnlyItsOwn()
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.AddEntry(List, "1.0.5.1-1.0.5.9", comment: "operator");
        router.Emulator.AddEntry(List, "scanner.example.net");
        router.Emulator.AddEntry(List, "1.0.6.77/24", comment: "fgw:decision:999");
        var adapter = router.Adapter();
        var address = Some.PublicIPv4();

        var ban = await adapter.BanAsync([new(address, 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);
        var listed = await adapter.ListAsync(CancellationToken.None).ToListAsync();
        var unban = await adapter.UnbanAsync([address], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.Applied, ban.Items[0].Kind);
        Assert.Contains(listed, e => e.Address == address);
        Assert.Contains(listed, e => e.Address.ToString() == "1.0.6.0/24");
        Assert.Equal(ItemOutcomeKind.Applied, unban.Items[0].Kind);
        Assert.Equal(["1.0.5.1-1.0.5.9", "1.0.6.0/24", "scanner.example.net"], router.Emulator.Entries().Select(e => e.Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_PipelinedTaggedCommands_RepliesWithTagInAnyPositionAllRouted()
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.ReverseReplies = true;
        for (int i = 0; i < 6; i++)
        {
            router.Emulator.AddEntry(List, $"1.0.8.{i + 1}", comment: $"c{i}");
        }

        var connection = await router.ConnectAsync();
        var commands = Enumerable.Range(1, 6).Select(i => new ApiCommand(Menu + "/print").Query($"address=1.0.8.{i}")).ToList();

        var replies = await connection.RunManyAsync(commands, 6, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"1.0.8.{i}"), replies.Select(r => Assert.Single(r.Rows)["address"]));
    }
}
