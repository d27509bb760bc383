using System.Globalization;
using System.Text;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Builds the text <c>nft -f -</c> reads as one transaction. Only validated names (<see cref="NftSetNames"/>)
/// and canonical <see cref="BanAddress"/> text ever reach it, so nothing a reporter sent can change its meaning.
/// </summary>
internal static class NftScript
{
    // Elements per command line: long enough to keep parsing cheap, short enough for readable error positions.
    private const int ElementsPerLine = 1000;

    /// <summary>
    /// Adds every entry with its timeout. Each element is first added bare, then deleted, then added with its
    /// timeout: the bare add makes the delete valid whether or not the element was there, and the final add
    /// writes the wanted timeout even on kernels where adding an existing element leaves its old timeout.
    /// </summary>
    public static string Ban(NftSetNames names, IEnumerable<BanEntry> entries, DateTimeOffset now)
    {
        var script = new StringBuilder();
        foreach (var group in Deduplicated(entries).GroupBy(e => names.SetFor(e.Address)))
        {
            foreach (var chunk in group.Chunk(ElementsPerLine))
            {
                string target = names.Qualified(group.Key);
                AppendCommand(script, "add element", target, chunk, static (sb, e) => sb.Append(e.Address.ToString()));
                AppendCommand(script, "delete element", target, chunk, static (sb, e) => sb.Append(e.Address.ToString()));
                AppendCommand(script, "add element", target, chunk, (sb, e) =>
                    sb.Append(e.Address.ToString()).Append(" timeout ")
                      .Append(TimeoutSeconds(e.ExpiresAt, now).ToString(CultureInfo.InvariantCulture)).Append('s'));
            }
        }

        return script.ToString();
    }

    /// <summary>
    /// Removes every address. A bare add comes first because deleting an absent element fails the whole
    /// transaction; after it the delete is valid, and an absent address simply stays absent.
    /// </summary>
    public static string Unban(NftSetNames names, IEnumerable<BanAddress> addresses)
    {
        var script = new StringBuilder();
        foreach (var group in addresses.Distinct().GroupBy(names.SetFor))
        {
            foreach (var chunk in group.Chunk(ElementsPerLine))
            {
                string target = names.Qualified(group.Key);
                AppendCommand(script, "add element", target, chunk, static (sb, a) => sb.Append(a.ToString()));
                AppendCommand(script, "delete element", target, chunk, static (sb, a) => sb.Append(a.ToString()));
            }
        }

        return script.ToString();
    }

    /// <summary>Deletes one address without the bare add first: used to tell "absent" from other refusals.</summary>
    public static string DeleteOnly(NftSetNames names, BanAddress address) =>
        $"delete element {names.Qualified(names.SetFor(address))} {{ {address} }}\n";

    /// <summary>
    /// Creates the table, both sets and the drop chain(s) when missing, and rewrites the gateway's own chains:
    /// <c>add</c> of an existing table, set or chain is a no-op, and flushing the chain before adding its rules
    /// keeps the rules from piling up when this runs again.
    /// </summary>
    public static string Ensure(NftSetNames names, bool dropForward)
    {
        string family = names.Family;
        string table = $"{family} {names.Table}";
        var script = new StringBuilder();
        script.Append("add table ").Append(table).Append('\n');
        script.Append("add set ").Append(names.Qualified(names.Set4)).Append(" { type ipv4_addr; flags interval,timeout; }\n");
        script.Append("add set ").Append(names.Qualified(names.Set6)).Append(" { type ipv6_addr; flags interval,timeout; }\n");
        foreach (string hook in dropForward ? new[] { "input", "forward" } : ["input"])
        {
            script.Append("add chain ").Append(table).Append(' ').Append(hook)
                  .Append(" { type filter hook ").Append(hook).Append(" priority filter - 10; policy accept; }\n");
            script.Append("flush chain ").Append(table).Append(' ').Append(hook).Append('\n');
            if (family is "inet" or "ip")
            {
                script.Append("add rule ").Append(table).Append(' ').Append(hook).Append(" ip saddr @").Append(names.Set4).Append(" drop\n");
            }

            if (family is "inet" or "ip6")
            {
                script.Append("add rule ").Append(table).Append(' ').Append(hook).Append(" ip6 saddr @").Append(names.Set6).Append(" drop\n");
            }
        }

        return script.ToString();
    }

    /// <summary>Whole seconds until <paramref name="expiresAt"/>, at least 1 and at most <see cref="NftablesOptions.MaxElementTimeout"/>.</summary>
    public static long TimeoutSeconds(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        double seconds = Math.Ceiling((expiresAt - now).TotalSeconds);
        return (long)Math.Clamp(seconds, 1, NftablesOptions.MaxElementTimeout.TotalSeconds);
    }

    // The same address twice in one command is refused by nft; the latest expiry wins.
    private static IEnumerable<BanEntry> Deduplicated(IEnumerable<BanEntry> entries) =>
        entries.GroupBy(e => e.Address).Select(g => g.MaxBy(e => e.ExpiresAt));

    private static void AppendCommand<T>(StringBuilder script, string verb, string target, T[] items, Action<StringBuilder, T> element)
    {
        script.Append(verb).Append(' ').Append(target).Append(" { ");
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                script.Append(", ");
            }

            element(script, items[i]);
        }

        script.Append(" }\n");
    }
}
