using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Nftables.Tests;

public class NftSetListingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_EveryElementShape_AddressesAndExpiries()
    {
        // Shapes as nft 1.0.6 prints them (plain, prefix, range, and each wrapped with timeout/expires).
        const string json = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
             {"set": {"family": "inet", "name": "b4", "table": "fg", "type": "ipv4_addr", "handle": 1, "flags": ["interval", "timeout"],
              "elem": ["1.0.0.9",
                       {"prefix": {"addr": "1.0.2.0", "len": 23}},
                       {"range": ["1.0.8.0", "1.0.8.255"]},
                       {"elem": {"val": "1.0.0.5", "timeout": 7000, "expires": 6999}},
                       {"elem": {"val": {"prefix": {"addr": "2a00:1450::", "len": 64}}, "timeout": 200, "expires": 199}},
                       {"elem": {"val": {"range": ["1.0.9.0", "1.0.9.127"]}, "timeout": 20, "expires": 10}}]}}]}
            """;

        var (entries, skipped) = NftSetListing.Parse(json, Now);

        Assert.Equal(0, skipped);
        Assert.Equal(
            [("1.0.0.9", null), ("1.0.2.0/23", null), ("1.0.8.0/24", null), ("1.0.0.5", Now.AddSeconds(6999)),
             ("2a00:1450::/64", Now.AddSeconds(199)), ("1.0.9.0/25", (DateTimeOffset?)Now.AddSeconds(10))],
            entries.Select(e => (e.Address.ToString(), e.ExpiresAt)).ToList());
    }

    [Fact]
    public void Parse_RangeThatIsNoBlock_SkippedNotGuessed()
    {
        const string json = """
            {"nftables": [{"set": {"name": "b4", "elem": [{"range": ["1.0.0.1", "1.0.0.9"]}, {"range": ["1.0.1.0", "1.0.2.255"]}, {"concat": ["x"]}, "1.0.3.3"]}}]}
            """;

        var (entries, skipped) = NftSetListing.Parse(json, Now);

        Assert.Equal(3, skipped);
        Assert.Equal(BanAddress.Parse("1.0.3.3"), Assert.Single(entries).Address);
    }

    [Fact]
    public void Parse_EmptySet_NoEntries()
    {
        const string json = """{"nftables": [{"metainfo": {}}, {"set": {"family": "inet", "name": "b4", "table": "fg"}}]}""";

        var (entries, skipped) = NftSetListing.Parse(json, Now);

        Assert.Empty(entries);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void Parse_NotNftJson_FormatException()
    {
        Assert.Throws<FormatException>(() => NftSetListing.Parse("""{"other": 1}""", Now));
    }
}
