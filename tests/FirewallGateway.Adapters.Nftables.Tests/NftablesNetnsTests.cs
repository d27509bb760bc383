using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>The adapter against real nft, in a network namespace each test creates and deletes.</summary>
public sealed class NftablesNetnsTests : IAsyncLifetime
{
    private NetworkNamespace _ns = null!;

    public async Task InitializeAsync() => _ns = await NetworkNamespace.CreateAsync("fgnft");

    public async Task DisposeAsync() => await _ns.DisposeAsync();

    [Fact]
    public async Task BanAsync_V4V6AndRanges_SinglesInHashSetsBlocksInIntervalSetsListedWithExpiries()
    {
        await TestTargets.CreateSetsAsync(_ns);
        var adapter = TestTargets.Adapter(_ns, createIfMissing: false);
        var now = TimeProvider.System.GetUtcNow();
        BanEntry[] entries =
        [
            TestTargets.Entry("1.0.0.7", TimeSpan.FromHours(1), now),
            TestTargets.Entry("1.0.4.0/22", TimeSpan.FromMinutes(10), now),
            TestTargets.Entry("2a00:1450::7", TimeSpan.FromHours(2), now),
            TestTargets.Entry("2a00:1450:1::/48", TimeSpan.FromMinutes(5), now),
        ];

        var result = await adapter.BanAsync(entries, TestTargets.Timeout());

        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Applied, i.Kind));
        string v4 = await TestTargets.ListJsonAsync(_ns, "banned4");
        string v6 = await TestTargets.ListJsonAsync(_ns, "banned6");
        string net4 = await TestTargets.ListJsonAsync(_ns, "banned4_net");
        string net6 = await TestTargets.ListJsonAsync(_ns, "banned6_net");
        Assert.Contains("\"1.0.0.7\"", v4, StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.4.0", v4, StringComparison.Ordinal);
        Assert.Contains("\"addr\": \"1.0.4.0\", \"len\": 22", net4, StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.0.7", net4, StringComparison.Ordinal);
        Assert.DoesNotContain("2a00", v4 + net4, StringComparison.Ordinal);
        Assert.Contains("\"2a00:1450::7\"", v6, StringComparison.Ordinal);
        Assert.Contains("\"addr\": \"2a00:1450:1::\", \"len\": 48", net6, StringComparison.Ordinal);
        Assert.DoesNotContain("2a00:1450::7", net6, StringComparison.Ordinal);

        var listed = await TestTargets.ListAsync(adapter);
        Assert.Equal(entries.Select(e => e.Address).Order(), listed.Keys.Order());
        foreach (var entry in entries)
        {
            var expires = listed[entry.Address].ExpiresAt;
            Assert.NotNull(expires);
            Assert.InRange(expires.Value, entry.ExpiresAt - TimeSpan.FromSeconds(10), entry.ExpiresAt + TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public async Task ListAsync_TableDeletedBehindTheGateway_ListsNothingAndRecreatesTheSets()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.7", TimeSpan.FromHours(1))], TestTargets.Timeout());
        await _ns.NftAsync("delete", "table", "inet", TestTargets.Table);

        // As after a reboot: the reconcile's listing must not fail, or it would fail on every timer tick.
        Assert.Empty(await TestTargets.ListAsync(adapter));

        foreach (string set in new[] { "banned4", "banned6", "banned4_net", "banned6_net" })
        {
            // nft fails (and the helper throws) when the set does not exist; a re-created set is empty.
            string listing = await TestTargets.ListJsonAsync(_ns, set);
            Assert.Contains($"\"name\": \"{set}\"", listing, StringComparison.Ordinal);
            Assert.DoesNotContain("\"elem\"", listing, StringComparison.Ordinal);
        }

        var health = await adapter.CheckAsync(TestTargets.Timeout());
        Assert.True(health.Ready, health.Detail);
    }

    [Fact]
    public async Task ListAsync_TableMissingWithoutCreateIfMissing_FailsNamingTheSet()
    {
        var adapter = TestTargets.Adapter(_ns, createIfMissing: false);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestTargets.ListAsync(adapter));
        Assert.Contains("banned4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BanAsync_AddressInsideAndJustOutsideBannedRange_OnlyInsideMatches()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.4.0/22", TimeSpan.FromHours(1)), TestTargets.Entry("2a00:1450::/64", TimeSpan.FromHours(1))], TestTargets.Timeout());

        Assert.True(await InSetAsync("banned4_net", "1.0.7.255"));
        Assert.False(await InSetAsync("banned4_net", "1.0.8.0"));
        Assert.True(await InSetAsync("banned6_net", "2a00:1450::ffff:1"));
        Assert.False(await InSetAsync("banned6_net", "2a00:1450:0:1::1"));
    }

    [Fact]
    public async Task BanAsync_AlreadyPresent_ConfirmedOnceWithTheNewTimeout()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.8", TimeSpan.FromMinutes(2))], TestTargets.Timeout());

        var result = await adapter.BanAsync([TestTargets.Entry("1.0.0.8", TimeSpan.FromHours(5))], TestTargets.Timeout());

        Assert.True(Assert.Single(result.Items).IsConfirmed);
        var listed = await TestTargets.ListAsync(adapter);
        var entry = Assert.Single(listed.Values);
        Assert.InRange(entry.ExpiresAt!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(4.9), TimeSpan.FromHours(5));
    }

    [Fact]
    public async Task BanAsync_EarlierTimeoutForPresentEntry_TimeoutFollowsTheDecision()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.8", TimeSpan.FromHours(5))], TestTargets.Timeout());

        await adapter.BanAsync([TestTargets.Entry("1.0.0.8", TimeSpan.FromMinutes(3))], TestTargets.Timeout());

        var entry = Assert.Single((await TestTargets.ListAsync(adapter)).Values);
        Assert.InRange(entry.ExpiresAt!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task UnbanAsync_PresentAndAbsentSingles_AllConfirmedPresentRemoved()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.9", TimeSpan.FromHours(1)), TestTargets.Entry("2a00:1450::9", TimeSpan.FromHours(1))], TestTargets.Timeout());

        var result = await adapter.UnbanAsync([BanAddress.Parse("1.0.0.9"), BanAddress.Parse("1.0.0.10"), BanAddress.Parse("2a00:1450::9")], TestTargets.Timeout());

        // Singles are removed with a bare add then a delete, so an absent one is confirmed as Applied too.
        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Applied, i.Kind));
        Assert.Empty(await TestTargets.ListAsync(adapter));
    }

    [Fact]
    public async Task UnbanAsync_PresentAndAbsentRanges_PresentAppliedAbsentAlreadyPresentOthersKept()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync(
            [TestTargets.Entry("1.0.4.0/22", TimeSpan.FromHours(1)), TestTargets.Entry("2a00:1450::/64", TimeSpan.FromHours(1)), TestTargets.Entry("1.0.12.0/24", TimeSpan.FromHours(1))],
            TestTargets.Timeout());

        var result = await adapter.UnbanAsync(
            [BanAddress.Parse("1.0.4.0/22"), BanAddress.Parse("1.0.8.0/24"), BanAddress.Parse("2a00:1450::/64"), BanAddress.Parse("2a00:1450:1::/48")],
            TestTargets.Timeout());

        Assert.Equal(
            [ItemOutcomeKind.Applied, ItemOutcomeKind.AlreadyPresent, ItemOutcomeKind.Applied, ItemOutcomeKind.AlreadyPresent],
            result.Items.Select(i => i.Kind));
        Assert.Equal(BanAddress.Parse("1.0.12.0/24"), Assert.Single((await TestTargets.ListAsync(adapter)).Keys));
    }

    [Fact]
    public async Task UnbanAsync_AbsentAddressInsideABannedRange_ConfirmedAndRangeKept()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.4.0/22", TimeSpan.FromHours(1))], TestTargets.Timeout());

        var result = await adapter.UnbanAsync([BanAddress.Parse("1.0.5.5"), BanAddress.Parse("1.0.0.1")], TestTargets.Timeout());

        Assert.All(result.Items, i => Assert.True(i.IsConfirmed));
        Assert.Equal(BanAddress.Parse("1.0.4.0/22"), Assert.Single((await TestTargets.ListAsync(adapter)).Keys));
        Assert.True(await InSetAsync("banned4_net", "1.0.5.5"));
    }

    [Fact]
    public async Task BanAsync_OneRangeOverlapsAnExistingRange_OthersAppliedItFailsAlone()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.4.0/22", TimeSpan.FromHours(1))], TestTargets.Timeout());
        var batch = Enumerable.Range(1, 50).Select(i => TestTargets.Entry($"1.0.1.{i}", TimeSpan.FromHours(1))).ToList();
        batch.Insert(20, TestTargets.Entry("1.0.5.0/24", TimeSpan.FromHours(1)));

        var result = await adapter.BanAsync(batch, TestTargets.Timeout());

        Assert.Equal([20], Enumerable.Range(0, batch.Count).Where(i => !result.Items[i].IsConfirmed));
        Assert.Contains("overlaps", result.Items[20].Why, StringComparison.Ordinal);
        Assert.Equal(51, (await TestTargets.ListAsync(adapter)).Count);
    }

    [Fact]
    public async Task BanAsync_SingleAddressInsideABannedRange_AppliedInTheHashSet()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.4.0/22", TimeSpan.FromHours(1))], TestTargets.Timeout());

        var result = await adapter.BanAsync([TestTargets.Entry("1.0.5.5", TimeSpan.FromHours(1))], TestTargets.Timeout());

        Assert.Equal(ItemOutcomeKind.Applied, Assert.Single(result.Items).Kind);
        Assert.Equal([BanAddress.Parse("1.0.4.0/22"), BanAddress.Parse("1.0.5.5")], (await TestTargets.ListAsync(adapter)).Keys.Order());
    }

    [Fact]
    public async Task BanAsync_TenThousandInOneBatch_AllPresent()
    {
        var adapter = TestTargets.Adapter(_ns);
        var batch = Enumerable.Range(0, 10_000)
            .Select(i => TestTargets.Entry(i % 2 == 0 ? $"1.1.{i / 256 % 256}.{i % 256}" : $"2a00:1450::{i:x}", TimeSpan.FromHours(1)))
            .ToList();

        var result = await adapter.BanAsync(batch, TestTargets.Timeout(60));

        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Applied, i.Kind));
        var listed = await TestTargets.ListAsync(adapter);
        Assert.Equal(10_000, listed.Count);
        Assert.True(batch.All(e => listed.ContainsKey(e.Address)));
    }

    [Fact]
    public async Task BanAsync_TableMissingAndNotToBeCreated_ThrowsNamingTheSet()
    {
        var adapter = TestTargets.Adapter(_ns, createIfMissing: false);

        var ex = await Assert.ThrowsAsync<NftTransportException>(() => adapter.BanAsync([TestTargets.Entry("1.0.0.1", TimeSpan.FromHours(1))], TestTargets.Timeout()).AsTask());

        Assert.Contains("inet fgtest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BanAsync_TableDeletedBehindTheAdapter_RecreatedAndApplied()
    {
        var adapter = TestTargets.Adapter(_ns);
        await adapter.BanAsync([TestTargets.Entry("1.0.0.1", TimeSpan.FromHours(1))], TestTargets.Timeout());
        await _ns.NftAsync("delete", "table", "inet", TestTargets.Table);

        var result = await adapter.BanAsync([TestTargets.Entry("1.0.0.2", TimeSpan.FromHours(1))], TestTargets.Timeout());

        Assert.True(Assert.Single(result.Items).IsConfirmed);
        Assert.Equal(BanAddress.Parse("1.0.0.2"), Assert.Single((await TestTargets.ListAsync(adapter)).Keys));
    }

    [Fact]
    public async Task BanAsync_NamespaceGone_ThrowsTransport()
    {
        var adapter = TestTargets.Adapter(_ns);
        await _ns.DisposeAsync();

        var ex = await Assert.ThrowsAsync<NftTransportException>(() => adapter.BanAsync([TestTargets.Entry("1.0.0.1", TimeSpan.FromHours(1))], TestTargets.Timeout()).AsTask());

        Assert.Contains(_ns.Name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_SetsPresent_Healthy()
    {
        await TestTargets.CreateSetsAsync(_ns);

        var health = await TestTargets.Adapter(_ns, createIfMissing: false).CheckAsync(TestTargets.Timeout());

        Assert.True(health.Healthy, health.Detail);
    }

    [Fact]
    public async Task CheckAsync_SetMissing_ReachableButNotReady()
    {
        await TestTargets.CreateSetsAsync(_ns);
        await _ns.NftScriptAsync($"flush chain inet {TestTargets.Table} input\ndelete set inet {TestTargets.Table} banned6\n");

        var health = await TestTargets.Adapter(_ns, createIfMissing: false).CheckAsync(TestTargets.Timeout());

        Assert.True(health.Reachable);
        Assert.False(health.Ready);
        Assert.Contains("banned6", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NftBinaryMissing_Unreachable()
    {
        var options = new NftablesOptions { Table = TestTargets.Table, NftPath = "/nonexistent/nft" };
        var adapter = new NftablesAdapter("local", options, new NftProcessRunner(options, TimeProvider.System), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var health = await adapter.CheckAsync(TestTargets.Timeout());

        Assert.False(health.Reachable);
        Assert.Contains("/nonexistent/nft", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ElementsAddedByHand_OwnSetsOnlyRangesAsBlocks()
    {
        await TestTargets.CreateSetsAsync(_ns);
        await _ns.NftScriptAsync(
            $"add element inet {TestTargets.Table} banned4_net {{ 1.0.8.0-1.0.8.255, 1.0.0.1-1.0.0.3 }}\n" +
            $"add element inet {TestTargets.Table} banned4 {{ 1.0.9.9 }}\n" +
            $"add set inet {TestTargets.Table} other {{ type ipv4_addr; }}\n" +
            $"add element inet {TestTargets.Table} other {{ 1.0.10.10 }}\n");

        var listed = await TestTargets.ListAsync(TestTargets.Adapter(_ns, createIfMissing: false));

        Assert.Equal([BanAddress.Parse("1.0.8.0/24"), BanAddress.Parse("1.0.9.9")], listed.Keys.Order());
        Assert.All(listed.Values, e => Assert.Null(e.ExpiresAt));
    }

    private async Task<bool> InSetAsync(string set, string address) =>
        (await _ns.RunAsync("/usr/sbin/nft", ["get", "element", "inet", TestTargets.Table, set, $"{{ {address} }}"])).ExitCode == 0;
}
