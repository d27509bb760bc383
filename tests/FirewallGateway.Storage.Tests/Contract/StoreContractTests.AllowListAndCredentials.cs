using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Filtering;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task AddAllowListEntryAsync_ThenList_ReturnsEntriesWithIdsInOrder()
    {
        var office = new AllowListEntry(99, BanAddress.Parse("1.0.64.0/20"), "office", true, null, "operator", T0);
        var temporary = new AllowListEntry(0, BanAddress.Parse("2a00:1450::7"), "", false, T0.AddDays(1), "server:web1", T0.AddSeconds(1));

        var first = await AllowList.AddAllowListEntryAsync(office, Ct);
        var second = await AllowList.AddAllowListEntryAsync(temporary, Ct);

        Assert.NotEqual(99, first.Id);
        Assert.True(second.Id > first.Id);
        Assert.Equal([office with { Id = first.Id }, temporary with { Id = second.Id }], await AllowList.ListAllowListAsync(Ct));
    }

    [Fact]
    public async Task RemoveAllowListEntryAsync_KnownAndUnknownIds_ReportWhetherRemoved()
    {
        var entry = await AllowList.AddAllowListEntryAsync(
            new AllowListEntry(0, BanAddress.Parse("1.0.3.4"), "admin", true, null, "operator", T0), Ct);

        Assert.True(await AllowList.RemoveAllowListEntryAsync(entry.Id, Ct));
        Assert.False(await AllowList.RemoveAllowListEntryAsync(entry.Id, Ct));
        Assert.Empty(await AllowList.ListAllowListAsync(Ct));
    }

    [Fact]
    public async Task SetAllowListEntryActiveAsync_OffThenOn_ListShowsEachStateAndUnknownIdIsFalse()
    {
        var entry = await AllowList.AddAllowListEntryAsync(
            new AllowListEntry(0, BanAddress.Parse("1.0.3.0/24"), "office", true, null, "operator", T0), Ct);

        Assert.True(await AllowList.SetAllowListEntryActiveAsync(entry.Id, false, Ct));
        Assert.Equal([entry with { Active = false }], await AllowList.ListAllowListAsync(Ct));
        Assert.True(await AllowList.SetAllowListEntryActiveAsync(entry.Id, true, Ct));
        Assert.Equal([entry], await AllowList.ListAllowListAsync(Ct));
        Assert.False(await AllowList.SetAllowListEntryActiveAsync(entry.Id + 1, true, Ct));
    }

    [Fact]
    public async Task UpsertCredentialAsync_NewAndExistingName_AddsThenReplaces()
    {
        var reporter = new Credential("web1", "reporter", "pbkdf2$1$salt$hash", true, T0);
        var other = new Credential("admin", "operator", "pbkdf2$1$salt2$hash2", true, T0);
        await Credentials.UpsertCredentialAsync(reporter, Ct);
        await Credentials.UpsertCredentialAsync(other, Ct);

        var replaced = reporter with { PasswordHash = "pbkdf2$1$salt3$hash3", Active = false, Role = "operator", CreatedAt = T0.AddDays(1) };
        await Credentials.UpsertCredentialAsync(replaced, Ct);

        Assert.Equal(replaced, await Credentials.FindCredentialAsync("web1", Ct));
        Assert.Equal([other, replaced], await Credentials.ListCredentialsAsync(Ct));
        Assert.Null(await Credentials.FindCredentialAsync("WEB1", Ct));
    }

    [Fact]
    public async Task RemoveCredentialAsync_KnownAndUnknownNames_ReportWhetherRemoved()
    {
        await Credentials.UpsertCredentialAsync(new Credential("web1", "reporter", "h", true, T0), Ct);

        Assert.True(await Credentials.RemoveCredentialAsync("web1", Ct));
        Assert.False(await Credentials.RemoveCredentialAsync("web1", Ct));
        Assert.Null(await Credentials.FindCredentialAsync("web1", Ct));
        Assert.Empty(await Credentials.ListCredentialsAsync(Ct));
    }
}
