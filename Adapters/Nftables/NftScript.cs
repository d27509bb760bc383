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
    /// Adds every entry with its timeout. On kernels that replace an existing element's timeout when it is added
    /// again (the adapter checks once) this is all a ban needs: a duplicate is no error and gets the new timeout.
    /// </summary>
    public static string Ban(NftSetNames names, IEnumerable<BanEntry> entries, DateTimeOffset now)
    {
        var script = new StringBuilder();
        foreach (var (target, chunk) in Chunks(names, Deduplicated(entries), e => e.Address))
        {
            AppendCommand(script, "add element", target, chunk, (sb, e) => AppendWithTimeout(sb, e, now));
        }

        return script.ToString();
    }

    /// <summary>
    /// The ban for kernels that keep an existing element's old timeout: each element is added bare (so the
    /// delete is valid whether or not it was there), deleted, and added with its timeout. Correct, but nft 1.0
    /// deletes from interval sets slowly, so this is only the fallback.
    /// </summary>
    public static string BanReplacing(NftSetNames names, IEnumerable<BanEntry> entries, DateTimeOffset now)
    {
        var script = new StringBuilder();
        foreach (var (target, chunk) in Chunks(names, Deduplicated(entries), e => e.Address))
        {
            AppendCommand(script, "add element", target, chunk, static (sb, e) => sb.Append(e.Address.ToString()));
            AppendCommand(script, "delete element", target, chunk, static (sb, e) => sb.Append(e.Address.ToString()));
            AppendCommand(script, "add element", target, chunk, (sb, e) => AppendWithTimeout(sb, e, now));
        }

        return script.ToString();
    }

    /// <summary>
    /// Removes single addresses from the hash sets: a bare add first, because deleting an absent element fails
    /// the whole transaction; after it the delete is valid, and an absent address stays absent. (Not used for
    /// the interval sets, where nft 1.0 makes each delete cost a read of the whole set.)
    /// </summary>
    public static string UnbanSingles(NftSetNames names, IEnumerable<BanAddress> addresses)
    {
        var script = new StringBuilder();
        foreach (var (target, chunk) in Chunks(names, addresses.Distinct(), a => a))
        {
            AppendCommand(script, "add element", target, chunk, static (sb, a) => sb.Append(a.ToString()));
            AppendCommand(script, "delete element", target, chunk, static (sb, a) => sb.Append(a.ToString()));
        }

        return script.ToString();
    }

    /// <summary>Deletes addresses the caller saw in the set (deleting an absent element fails the whole transaction).</summary>
    public static string Delete(NftSetNames names, IEnumerable<BanAddress> addresses)
    {
        var script = new StringBuilder();
        foreach (var (target, chunk) in Chunks(names, addresses.Distinct(), a => a))
        {
            AppendCommand(script, "delete element", target, chunk, static (sb, a) => sb.Append(a.ToString()));
        }

        return script.ToString();
    }

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
        script.Append("add set ").Append(names.Qualified(names.Set4)).Append(" { type ipv4_addr; flags timeout; }\n");
        script.Append("add set ").Append(names.Qualified(names.Set6)).Append(" { type ipv6_addr; flags timeout; }\n");
        script.Append("add set ").Append(names.Qualified(names.RangeSet4)).Append(" { type ipv4_addr; flags interval,timeout; }\n");
        script.Append("add set ").Append(names.Qualified(names.RangeSet6)).Append(" { type ipv6_addr; flags interval,timeout; }\n");
        foreach (string hook in dropForward ? new[] { "input", "forward" } : ["input"])
        {
            script.Append("add chain ").Append(table).Append(' ').Append(hook)
                  .Append(" { type filter hook ").Append(hook).Append(" priority filter - 10; policy accept; }\n");
            script.Append("flush chain ").Append(table).Append(' ').Append(hook).Append('\n');
            if (family is "inet" or "ip")
            {
                AppendDrop(script, table, hook, "ip", names.Set4);
                AppendDrop(script, table, hook, "ip", names.RangeSet4);
            }

            if (family is "inet" or "ip6")
            {
                AppendDrop(script, table, hook, "ip6", names.Set6);
                AppendDrop(script, table, hook, "ip6", names.RangeSet6);
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

    private static void AppendDrop(StringBuilder script, string table, string hook, string protocol, string set) =>
        script.Append("add rule ").Append(table).Append(' ').Append(hook).Append(' ').Append(protocol)
              .Append(" saddr @").Append(set).Append(" drop\n");

    private static IEnumerable<(string Target, T[] Chunk)> Chunks<T>(NftSetNames names, IEnumerable<T> items, Func<T, BanAddress> address)
    {
        foreach (var group in items.GroupBy(i => names.SetFor(address(i))))
        {
            foreach (var chunk in group.Chunk(ElementsPerLine))
            {
                yield return (names.Qualified(group.Key), chunk);
            }
        }
    }

    private static void AppendWithTimeout(StringBuilder script, BanEntry entry, DateTimeOffset now) =>
        script.Append(entry.Address.ToString()).Append(" timeout ")
              .Append(TimeoutSeconds(entry.ExpiresAt, now).ToString(CultureInfo.InvariantCulture)).Append('s');

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
