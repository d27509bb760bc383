using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>The adapter's own logic (splitting, outcomes, transport errors) against a scripted nft.</summary>
public class NftablesAdapterTests
{
    private readonly ScriptedNftRunner _nft = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task BanAsync_AllAccepted_OneScriptAllApplied()
    {
        var result = await Adapter().BanAsync(Entries(100), CancellationToken.None);

        Assert.Single(_nft.Scripts);
        Assert.All(result.Items, i => Assert.Equal(ItemOutcomeKind.Applied, i.Kind));
    }

    [Fact]
    public async Task BanAsync_OneRefusedItem_OnlyThatItemFailsNonRetryable()
    {
        var entries = Entries(64);
        _nft.Poisoned.Add("1.0.0.37");

        var result = await Adapter().BanAsync(entries, CancellationToken.None);

        Assert.Equal(64, result.Items.Count);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(i == 37 ? ItemOutcomeKind.Failed : ItemOutcomeKind.Applied, result.Items[i].Kind);
        }

        Assert.False(result.Items[37].Retryable);
        Assert.Contains("1.0.0.37", result.Items[37].Why, StringComparison.Ordinal);
        Assert.Contains("overlaps", result.Items[37].Why, StringComparison.Ordinal);

        // Whole batch, then halving down to the one item: about 2 * log2(64) runs, not 64.
        Assert.InRange(_nft.Scripts.Count, 2, 1 + (2 * 6));
    }

    [Fact]
    public async Task BanAsync_TwoRefusedItems_EachIsolated()
    {
        _nft.Poisoned.UnionWith(["1.0.0.0", "1.0.0.9"]);

        var result = await Adapter().BanAsync(Entries(10), CancellationToken.None);

        Assert.Equal([0, 9], Enumerable.Range(0, 10).Where(i => !result.Items[i].IsConfirmed));
    }

    [Fact]
    public async Task BanAsync_SetsMissing_ThrowsTransportWithoutJudgingItems()
    {
        _nft.SetsMissing = true;

        var ex = await Assert.ThrowsAsync<NftTransportException>(() => Adapter().BanAsync(Entries(8), CancellationToken.None).AsTask());

        Assert.Contains("inet fgtest is not usable", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_nft.Scripts);
    }

    [Fact]
    public async Task UnbanAsync_NftCannotRun_Throws()
    {
        _nft.TransportFailure = new NftTransportException("could not start /usr/sbin/nft");

        await Assert.ThrowsAsync<NftTransportException>(() => Adapter().UnbanAsync([BanAddress.Parse("1.0.0.1")], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task UnbanAsync_SinglesAndUnlistedRanges_SinglesInOneScriptRangesConfirmedWithoutDelete()
    {
        BanAddress[] batch = [BanAddress.Parse("1.0.0.1"), BanAddress.Parse("1.0.4.0/22"), BanAddress.Parse("2a00:1450::1")];

        var result = await Adapter().UnbanAsync(batch, CancellationToken.None);

        Assert.Equal([ItemOutcomeKind.Applied, ItemOutcomeKind.AlreadyPresent, ItemOutcomeKind.Applied], result.Items.Select(i => i.Kind));
        string script = Assert.Single(_nft.Scripts);
        Assert.Contains("delete element inet fgtest banned4 { 1.0.0.1 }", script, StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.4.0", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BanAsync_EmptyBatch_NoRun()
    {
        var result = await Adapter().BanAsync([], CancellationToken.None);

        Assert.Empty(result.Items);
        Assert.Empty(_nft.Scripts);
    }

    [Fact]
    public async Task CheckAsync_NftCannotRun_UnreachableWithReason()
    {
        _nft.TransportFailure = new NftTransportException("could not start /usr/sbin/nft: No such file or directory");

        var health = await Adapter().CheckAsync(CancellationToken.None);

        Assert.False(health.Reachable);
        Assert.Contains("could not start", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BanAsync_Timeouts_FromTheInjectedClock()
    {
        await Adapter().BanAsync([new BanEntry(BanAddress.Parse("1.0.0.1"), 1, _time.GetUtcNow().AddMinutes(10))], CancellationToken.None);

        Assert.Contains("1.0.0.1 timeout 600s", _nft.Scripts[0], StringComparison.Ordinal);
    }

    private NftablesAdapter Adapter() =>
        new("local", new NftablesOptions { Table = "fgtest" }, _nft, _time, NullLogger.Instance);

    private List<BanEntry> Entries(int count) =>
        Enumerable.Range(0, count).Select(i => new BanEntry(BanAddress.Parse($"1.0.0.{i}"), i, _time.GetUtcNow().AddHours(1))).ToList();
}
