using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>Builds configuration sections and real adapters bound to a test's own network namespace.</summary>
internal static class TestTargets
{
    public const string Table = "fgtest";

    public static IConfigurationSection Section(string name, params (string Key, string Value)[] values)
    {
        var data = values.ToDictionary(v => $"Targets:{name}:{v.Key}", v => (string?)v.Value);
        data[$"Targets:{name}:Kind"] = "nftables";
        return new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection($"Targets:{name}");
    }

    /// <summary>The real adapter (real nft, via ip netns exec) for a table in <paramref name="ns"/>.</summary>
    public static IFirewallAdapter Adapter(NetworkNamespace ns, bool createIfMissing = true, TimeProvider? time = null, int maxBatchSize = 100_000)
    {
        var options = new NftablesOptions
        {
            Table = Table,
            NetworkNamespace = ns.Name,
            CreateIfMissing = createIfMissing,
            MaxBatchSize = maxBatchSize,
        };
        var clock = time ?? TimeProvider.System;
        return new NftablesAdapter("local", options, new NftProcessRunner(options, clock), clock, NullLogger.Instance);
    }

    /// <summary>Creates table and sets the way an operator would, without the adapter.</summary>
    public static Task CreateSetsAsync(NetworkNamespace ns) =>
        ns.NftScriptAsync(NftScript.Ensure(new NftSetNames("inet", Table, "banned4", "banned6", "banned4_net", "banned6_net"), dropForward: false));

    /// <summary>The elements of one of the sets, as nft prints them in JSON.</summary>
    public static async Task<string> ListJsonAsync(NetworkNamespace ns, string set) =>
        await ns.NftAsync("-j", "list", "set", "inet", Table, set);

    public static BanEntry Entry(string address, TimeSpan lifetime, DateTimeOffset? now = null) =>
        new(BanAddress.Parse(address), 1, (now ?? TimeProvider.System.GetUtcNow()) + lifetime);

    public static async Task<Dictionary<BanAddress, EnforcedEntry>> ListAsync(IFirewallAdapter adapter)
    {
        var result = new Dictionary<BanAddress, EnforcedEntry>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var entry in adapter.ListAsync(cts.Token))
        {
            result[entry.Address] = entry;
        }

        return result;
    }

    public static CancellationToken Timeout(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
