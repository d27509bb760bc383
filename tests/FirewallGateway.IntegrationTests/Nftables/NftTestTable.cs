using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Nftables;

/// <summary>
/// The nftables table an operator creates when CreateIfMissing is off (docs/operations/nftables.md), in a
/// namespace of the test's own, with the reads the end-to-end tests make of its sets.
/// </summary>
internal sealed class NftTestTable(NetworkNamespace ns, string table)
{
    public string Name => table;

    public Task CreateAsync() =>
        ns.NftScriptAsync(
            $"add table inet {table}\n" +
            $"add set inet {table} banned4 {{ type ipv4_addr; flags timeout; }}\n" +
            $"add set inet {table} banned6 {{ type ipv6_addr; flags timeout; }}\n" +
            $"add set inet {table} banned4_net {{ type ipv4_addr; flags interval,timeout; }}\n" +
            $"add set inet {table} banned6_net {{ type ipv6_addr; flags interval,timeout; }}\n" +
            $"add chain inet {table} input {{ type filter hook input priority filter - 10; policy accept; }}\n" +
            $"add rule inet {table} input ip saddr @banned4 drop\n" +
            $"add rule inet {table} input ip saddr @banned4_net drop\n" +
            $"add rule inet {table} input ip6 saddr @banned6 drop\n" +
            $"add rule inet {table} input ip6 saddr @banned6_net drop\n");

    /// <summary>The set as nft's JSON, empty when the set or table is missing.</summary>
    public async Task<string> ListJsonAsync(string set)
    {
        var result = await ns.RunAsync("/usr/sbin/nft", ["-j", "list", "set", "inet", table, set]);
        return result.ExitCode == 0 ? result.StandardOutput : string.Empty;
    }

    public async Task WaitForElementsAsync(string[] addresses, string set, TimeSpan timeout, Func<string> gatewayLog)
    {
        int missing = addresses.Length;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                string json = await ListJsonAsync(set);
                missing = addresses.Count(a => !Contains(json, a));
                return missing == 0;
            },
            timeout,
            $"{addresses.Length} elements in {set} (still missing: {missing}); gateway log:\n{gatewayLog()}");
    }

    /// <summary>Whether nft's JSON listing holds the address or block (blocks appear as addr and len).</summary>
    public static bool Contains(string json, string address)
    {
        int slash = address.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? json.Contains($"\"{address}\"", StringComparison.Ordinal)
            : json.Contains($"\"addr\": \"{address[..slash]}\", \"len\": {address[(slash + 1)..]}", StringComparison.Ordinal);
    }
}
