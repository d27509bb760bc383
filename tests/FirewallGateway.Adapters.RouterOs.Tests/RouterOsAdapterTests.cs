using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FirewallGateway.Adapters.RouterOs.Tests;

/// <summary>The routeros target against the emulator over loopback; a shared fake clock where expiry matters.</summary>
public sealed class RouterOsAdapterTests
{
    private const string List = "Blocked address";

    [Fact]
    public async Task Ban_NewAddresses_AddedWithTimeoutAndOwnerComment()
    {
        var time = new FakeTimeProvider(Some.Start);
        await using var router = await TestRouter.StartAsync(time: time);
        var adapter = router.Adapter(time: time);
        var a = Some.PublicIPv4();
        var b = Some.PublicIPv4();

        var result = await adapter.BanAsync([new(a, 41, Some.Start.AddHours(1)), new(b, 42, Some.Start.AddDays(2))], CancellationToken.None);

        Assert.All(result.Items, o => Assert.Equal(ItemOutcomeKind.Applied, o.Kind));
        var entries = router.Emulator.Entries().ToDictionary(e => e.Address);
        Assert.Equal((List, "fgw:decision:41", Some.Start.AddHours(1)), (entries[a.ToString()].List, entries[a.ToString()].Comment, entries[a.ToString()].ExpiresAt));
        Assert.Equal(Some.Start.AddDays(2), entries[b.ToString()].ExpiresAt);
        Assert.True(entries[a.ToString()].Dynamic);
    }

    [Fact]
    public async Task Ban_IPv6Single_StoredAs128InIPv6ListAndRemovable()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter(new() { ["List6"] = "v6-blocked" });
        var address = BanAddress.Parse("2a00:1450::7");
        var block = BanAddress.Parse("2a00:1450:1::/48");

        await adapter.BanAsync([new(address, 1, DateTimeOffset.UtcNow.AddHours(1)), new(block, 2, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);

        var stored = router.Emulator.Entries(RouterOsEmulator.Menu6).Select(e => (e.List, e.Address)).Order().ToList();
        Assert.Equal([("v6-blocked", "2a00:1450:1::/48"), ("v6-blocked", "2a00:1450::7/128")], stored);
        Assert.Empty(router.Emulator.Entries(RouterOsEmulator.Menu4));
        var listed = await adapter.ListAsync(CancellationToken.None).ToListAsync();
        Assert.Contains(listed, e => e.Address == address);

        var unban = await adapter.UnbanAsync([address], CancellationToken.None);
        Assert.Equal(ItemOutcomeKind.Applied, unban.Items[0].Kind);
        Assert.Equal("2a00:1450:1::/48", Assert.Single(router.Emulator.Entries(RouterOsEmulator.Menu6)).Address);
    }

    [Fact]
    public async Task Ban_LongerThanRouterHolds_ClampedAndListedWithRouterExpiry()
    {
        var time = new FakeTimeProvider(Some.Start);
        await using var router = await TestRouter.StartAsync(time: time);
        var adapter = router.Adapter(new() { ["MaxTimeout"] = "7.00:00:00" }, time);
        var address = Some.PublicIPv4();

        await adapter.BanAsync([new(address, 5, Some.Start.AddDays(400))], CancellationToken.None);

        Assert.Equal(Some.Start.AddDays(7), Assert.Single(router.Emulator.Entries()).ExpiresAt);
        var listed = Assert.Single(await adapter.ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(new EnforcedEntry(address, Some.Start.AddDays(7), 5), listed);
    }

    [Fact]
    public async Task Ban_AlreadyOwned_RenewsExpiryOnceAlreadyPresent()
    {
        var time = new FakeTimeProvider(Some.Start);
        await using var router = await TestRouter.StartAsync(time: time);
        var adapter = router.Adapter(time: time);
        var address = Some.PublicIPv4();
        await adapter.BanAsync([new(address, 5, Some.Start.AddHours(1))], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));

        var again = await adapter.BanAsync([new(address, 6, Some.Start.AddHours(5))], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, again.Items[0].Kind);
        var entry = Assert.Single(router.Emulator.Entries());
        Assert.Equal((Some.Start.AddHours(5), "fgw:decision:6"), (entry.ExpiresAt, entry.Comment));
    }

    [Fact]
    public async Task Ban_OwnedEntryTheViewDoesNotKnow_DuplicateLookedUpAndRenewed()
    {
        var time = new FakeTimeProvider(Some.Start);
        await using var router = await TestRouter.StartAsync(time: time);
        var adapter = router.Adapter(time: time);
        await adapter.CheckAsync(CancellationToken.None); // connected, view loaded (empty)
        var address = Some.PublicIPv4();
        router.Emulator.AddEntry(List, address.ToString(), TimeSpan.FromMinutes(1), "fgw:decision:9"); // e.g. written by an earlier gateway run

        var result = await adapter.BanAsync([new(address, 9, Some.Start.AddHours(3))], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, result.Items[0].Kind);
        Assert.Equal(Some.Start.AddHours(3), Assert.Single(router.Emulator.Entries()).ExpiresAt);
    }

    [Fact]
    public async Task Ban_AddressHeldByForeignEntry_AlreadyPresentAndForeignUntouched()
    {
        await using var router = await TestRouter.StartAsync();
        var address = Some.PublicIPv4();
        var foreign = router.Emulator.AddEntry(List, address.ToString(), comment: "added by hand");
        var adapter = router.Adapter();

        var result = await adapter.BanAsync([new(address, 3, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, result.Items[0].Kind);
        Assert.Equal(foreign, Assert.Single(router.Emulator.Entries()));
        Assert.Empty(await adapter.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task UnbanAndList_ForeignEntries_NeverRemovedNorListed()
    {
        await using var router = await TestRouter.StartAsync();
        var mine = Some.PublicIPv4();
        var theirs = Some.PublicIPv4();
        var foreign = new[]
        {
            router.Emulator.AddEntry(List, theirs.ToString()),
            router.Emulator.AddEntry(List, Some.PublicIPv4().ToString(), TimeSpan.FromHours(1), "fgw:manual"),
            router.Emulator.AddEntry(List, Some.PublicIPv4().ToString(), comment: "other-tool:decision:1"),
            router.Emulator.AddEntry("another list", mine.ToString(), comment: "fgw:decision:1"),
        };
        var adapter = router.Adapter();
        await adapter.BanAsync([new(mine, 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);

        var listed = await adapter.ListAsync(CancellationToken.None).ToListAsync();
        var result = await adapter.UnbanAsync([mine, theirs], CancellationToken.None);

        Assert.Equal(mine, Assert.Single(listed).Address);
        Assert.Equal([ItemOutcomeKind.Applied, ItemOutcomeKind.AlreadyPresent], result.Items.Select(i => i.Kind));
        Assert.Equal(foreign.Select(f => f.Id).Order(), router.Emulator.Entries().Select(e => e.Id).Order());
    }

    /// <summary>RouterOS says an id is gone with either text; both mean the entry is not there.</summary>
    [Theory]
    [InlineData("no such item")]
    [InlineData("invalid internal item number")]
    public async Task Unban_EntryRemovedBehindOurBack_AlreadyPresent(string missingItemMessage)
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.MissingItemMessage = missingItemMessage;
        var adapter = router.Adapter();
        var address = Some.PublicIPv4();
        await adapter.BanAsync([new(address, 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);
        var other = router.Adapter();
        await other.UnbanAsync([address], CancellationToken.None);

        var result = await adapter.UnbanAsync([address], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.AlreadyPresent, result.Items[0].Kind);
    }

    [Theory]
    [InlineData("no such item")]
    [InlineData("invalid internal item number")]
    public async Task Ban_EntryRemovedBehindOurBack_AddedAgain(string missingItemMessage)
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.MissingItemMessage = missingItemMessage;
        var adapter = router.Adapter();
        var address = Some.PublicIPv4();
        await adapter.BanAsync([new(address, 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);
        await router.Adapter().UnbanAsync([address], CancellationToken.None);

        var result = await adapter.BanAsync([new(address, 1, DateTimeOffset.UtcNow.AddHours(2))], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.Applied, result.Items[0].Kind);
        Assert.Single(router.Emulator.Entries());
    }

    [Fact]
    public async Task Timeout_FakeClockPassesExpiry_EntryGoneFromRouterAndListing()
    {
        var time = new FakeTimeProvider(Some.Start);
        await using var router = await TestRouter.StartAsync(time: time);
        var adapter = router.Adapter(time: time);
        var shortBan = Some.PublicIPv4();
        var longBan = Some.PublicIPv4();
        await adapter.BanAsync([new(shortBan, 1, Some.Start.AddMinutes(10)), new(longBan, 2, Some.Start.AddHours(10))], CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(longBan, Assert.Single(await adapter.ListAsync(CancellationToken.None).ToListAsync()).Address);
        Assert.Equal(longBan.ToString(), Assert.Single(router.Emulator.Entries()).Address);
    }

    [Fact]
    public async Task Timeout_RealClock_EntryReallyExpires()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter();
        await adapter.BanAsync([new(Some.PublicIPv4(), 1, DateTimeOffset.UtcNow.AddSeconds(1))], CancellationToken.None);
        Assert.Single(router.Emulator.Entries());

        await Eventually.WaitUntilAsync(() => Task.FromResult(router.Emulator.Entries().Count == 0), TimeSpan.FromSeconds(5), "the 1 s entry to expire");
        Assert.Empty(await adapter.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Reboot_DynamicEntriesGone_ListShowsItAndBanRestores()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter();
        var bans = Enumerable.Range(0, 20).Select(i => new BanEntry(Some.PublicIPv4(), i, DateTimeOffset.UtcNow.AddHours(1))).ToList();
        await adapter.BanAsync(bans, CancellationToken.None);
        var permanent = router.Emulator.AddEntry(List, Some.PublicIPv4().ToString(), comment: "static, survives");

        await router.Emulator.RebootAsync();

        Assert.Empty(await adapter.ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(permanent, Assert.Single(router.Emulator.Entries()));
        var restored = await adapter.BanAsync(bans, CancellationToken.None);
        Assert.All(restored.Items, o => Assert.Equal(ItemOutcomeKind.Applied, o.Kind));
        Assert.Equal(21, router.Emulator.Entries().Count);
    }

    [Fact]
    public async Task Ban_RouterRestartedSinceLastCall_ReconnectsWithoutFailing()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter();
        await adapter.BanAsync([new(Some.PublicIPv4(), 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);
        await router.Emulator.StopAsync();
        await router.Emulator.StartAsync(port: router.Emulator.Port);

        var result = await adapter.BanAsync([new(Some.PublicIPv4(), 2, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);

        Assert.Equal(ItemOutcomeKind.Applied, result.Items[0].Kind);
        Assert.Equal(2, router.Emulator.Entries().Count);
        Assert.Equal(2, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Ban_WrongPassword_ClearTargetErrorAndUnhealthy()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter(new() { ["Password"] = "wrong" });

        var error = await Assert.ThrowsAsync<RouterOsLoginException>(() => adapter.BanAsync([new(Some.PublicIPv4(), 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None).AsTask());
        var health = await adapter.CheckAsync(CancellationToken.None);

        Assert.StartsWith("Targets:edge: 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid user name or password", error.Message, StringComparison.Ordinal);
        Assert.Equal((true, false, false), (health.Reachable, health.Authenticated, health.Ready));
        Assert.Contains("refused the login", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Running_HealthyWithCounts_Down_Unreachable()
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.AddEntry(List, "1.0.0.9");
        var adapter = router.Adapter();

        var healthy = await adapter.CheckAsync(CancellationToken.None);
        await router.Emulator.StopAsync();
        var down = await adapter.CheckAsync(CancellationToken.None);

        Assert.True(healthy.Healthy, healthy.Detail);
        Assert.Contains("IPv4 list 'Blocked address' has 1 entries", healthy.Detail, StringComparison.Ordinal);
        Assert.False(down.Reachable);
        Assert.Contains("cannot connect to 127.0.0.1", down.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmulatorFault.HugeLength)]
    [InlineData(EmulatorFault.Garbage)]
    [InlineData(EmulatorFault.StallMidSentence)]
    public async Task Ban_HostileAnswer_TransportErrorThenReconnectsAndSucceeds(EmulatorFault fault)
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter(new() { ["ReadTimeout"] = "00:00:00.500" });
        await adapter.CheckAsync(CancellationToken.None);
        router.Emulator.InjectFault(fault);
        var ban = new BanEntry(Some.PublicIPv4(), 1, DateTimeOffset.UtcNow.AddHours(1));

        var error = await Assert.ThrowsAsync<RouterOsConnectionException>(() => adapter.BanAsync([ban], CancellationToken.None).AsTask()).WaitAsync(TimeSpan.FromSeconds(10));
        var retried = await adapter.BanAsync([ban], CancellationToken.None);

        Assert.StartsWith("Targets:edge: ", error.Message, StringComparison.Ordinal);
        Assert.True(retried.Items[0].IsConfirmed);
        Assert.Equal(2, router.Emulator.LoginsSucceeded);
    }

    [Fact]
    public async Task Ban_ThousandsOfEntries_PipelinedInFewRoundTrips()
    {
        await using var router = await TestRouter.StartAsync();
        var adapter = router.Adapter(new() { ["PipelineDepth"] = "250" });
        var bans = Enumerable.Range(0, 5000).Select(i => new BanEntry(Some.PublicIPv4(), i, DateTimeOffset.UtcNow.AddHours(1))).ToList();

        foreach (var chunk in bans.Chunk(adapter.MaxBatchSize))
        {
            var result = await adapter.BanAsync(chunk, CancellationToken.None);
            Assert.All(result.Items, o => Assert.Equal(ItemOutcomeKind.Applied, o.Kind));
        }

        Assert.Equal(5000, router.Emulator.Entries().Count);
        Assert.Equal(1 + 20, adapter.RoundTrips); // the view load on connect, then 5000 / 250
    }

    [Fact]
    public async Task Ban_LegacyRouterAndShuffledReplies_StillCorrect()
    {
        await using var router = await TestRouter.StartAsync();
        router.Emulator.LegacyLogin = true;
        router.Emulator.ReverseReplies = true;
        router.Emulator.SendEmpty = false;
        var adapter = router.Adapter();
        var bans = Enumerable.Range(0, 300).Select(i => new BanEntry(Some.PublicIPv4(), i, DateTimeOffset.UtcNow.AddHours(1))).ToList();

        await adapter.BanAsync(bans, CancellationToken.None);
        var listed = await adapter.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(bans.Select(b => (b.Address, b.DecisionId)).Order(), listed.Select(e => (e.Address, e.DecisionId ?? -1)).Order());
    }

    [Fact]
    public async Task Tls_PinnedAdapter_BansOverApiSsl()
    {
        await using var router = await TestRouter.StartAsync(tls: true);
        var adapter = router.Adapter();
        var result = await adapter.BanAsync([new(Some.PublicIPv4(), 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None);
        Assert.Equal(ItemOutcomeKind.Applied, result.Items[0].Kind);
        var wrongPin = router.Adapter(new() { ["CertificateFingerprint"] = new string('0', 64) });
        var health = await wrongPin.CheckAsync(CancellationToken.None);
        Assert.False(health.Reachable);
        Assert.Contains("not the pinned", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FromKind_NamedAdapterWithBatchSize()
    {
        var section = RouterOsOptionsTests.Section(new() { ["Host"] = "127.0.0.1", ["User"] = "u", ["Password"] = "p", ["MaxBatchSize"] = "77" });
        var adapter = new RouterOsAdapterKind().Create("edge", section, new NoServices());
        Assert.Equal(("edge", 77), (adapter.TargetName, adapter.MaxBatchSize));
        Assert.Equal("routeros", new RouterOsAdapterKind().Kind);
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
