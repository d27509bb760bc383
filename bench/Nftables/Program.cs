using System.Diagnostics;
using System.Globalization;
using System.Text;
using FirewallGateway.Adapters.Nftables;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Usage: dotnet run -c Release --project bench/Nftables -- [entries=100000] [runs=3] [batch=5000]
// Everything happens in a network namespace of its own (deleted at the end); the host's ruleset is untouched.
// Per run, each step on a fresh table laid out as the gateway creates it (docs/operations/nftables.md):
//   adapter: ban all entries in MaxBatchSize batches (built through AddNftablesTargetKind, as the gateway does),
//            list them back, unban all in batches;
//   anchor:  `nft -f` of a file with the same elements (1,000 per line) into the same hash set, `nft -j list set`,
//            `nft -f` of a file deleting them; and `nft -f` of the same elements into an interval set
//            (the layout TESTING.md measured, 1.4 s).
int entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
string ns = "fgbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
string folder = Directory.CreateTempSubdirectory("fgw-nft-bench-").FullName;
const string Table = "fgbench";

await Run("/usr/sbin/ip", ["netns", "add", ns]);
try
{
    var now = TimeProvider.System.GetUtcNow();
    var bans = Enumerable.Range(0, entries)
        .Select(i => new BanEntry(BanAddress.Parse($"1.{(i >> 16) & 0xff}.{(i >> 8) & 0xff}.{i & 0xff}"), i, now.AddHours(1)))
        .ToList();
    var addresses = bans.Select(b => b.Address).ToList();

    string setupFile = Write("setup.nft", Setup());
    string banFile = Write("ban.nft", Elements("add", "banned4", bans.Select(b => $"{b.Address} timeout 3600s")));
    string unbanFile = Write("unban.nft", Elements("delete", "banned4", addresses.Select(a => a.ToString())));
    string intervalFile = Write("ban-interval.nft", Elements("add", "banned4_net", bans.Select(b => $"{b.Address} timeout 3600s")));

    var times = new Dictionary<string, List<double>>();
    for (int run = 0; run < runs; run++)
    {
        await Fresh();
        var adapter = CreateAdapter(ns, batch);
        await Measure("adapter ban", async () =>
        {
            for (int i = 0; i < bans.Count; i += batch)
            {
                Confirmed(await adapter.BanAsync(bans.GetRange(i, Math.Min(batch, bans.Count - i)), CancellationToken.None));
            }
        });
        await Measure("adapter list", async () =>
        {
            int listed = 0;
            await foreach (var _ in adapter.ListAsync(CancellationToken.None))
            {
                listed++;
            }

            Check(listed == entries, $"listed {listed} of {entries}");
        });
        await Measure("adapter unban", async () =>
        {
            for (int i = 0; i < addresses.Count; i += batch)
            {
                Confirmed(await adapter.UnbanAsync(addresses.GetRange(i, Math.Min(batch, addresses.Count - i)), CancellationToken.None));
            }
        });
        Check(await CountAsync() == 0, "elements left after the adapter's unban");

        await Fresh();
        await Measure("anchor nft -f ban", () => Nft(["-f", banFile]));
        await Measure("anchor nft -j list set", () => Nft(["-j", "list", "set", "inet", Table, "banned4"]));
        Check(await CountAsync() == entries, "anchor ban incomplete");
        await Measure("anchor nft -f unban", () => Nft(["-f", unbanFile]));
        Check(await CountAsync() == 0, "elements left after the anchor's unban");

        await Fresh();
        await Measure("anchor nft -f ban into interval set", () => Nft(["-f", intervalFile]));
        Console.WriteLine($"run {run + 1}: " + string.Join("; ", times.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value[^1]:0.000} s"))));
    }

    Console.WriteLine($"median of {runs} runs, {entries} IPv4 addresses, adapter batches of {batch}, load average {File.ReadAllText("/proc/loadavg").Trim()}:");
    foreach (var (name, values) in times)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} {Median(values),7:0.000} s  {entries / Median(values),9:0} elements/s"));
    }

    Ratio("adapter ban", "anchor nft -f ban");
    Ratio("adapter unban", "anchor nft -f unban");
    Ratio("adapter list", "anchor nft -j list set");
    Console.WriteLine($"files kept for hyperfine: {folder}");

    void Ratio(string ours, string anchor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio {ours} / {anchor}: {Median(times[ours]) / Median(times[anchor]):0.00}"));

    async Task Measure(string name, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(watch.Elapsed.TotalSeconds);
    }

    async Task Fresh()
    {
        await Nft(["flush", "ruleset"]);
        await Nft(["-f", setupFile]);
    }

    async Task<int> CountAsync()
    {
        // Counting "val" keys of the JSON listing: one per element of a hash set.
        string json = await Run("/usr/sbin/ip", ["netns", "exec", ns, "nft", "-j", "list", "set", "inet", Table, "banned4"]);
        int count = 0;
        for (int at = json.IndexOf("\"val\"", StringComparison.Ordinal); at >= 0; at = json.IndexOf("\"val\"", at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
finally
{
    await Run("/usr/sbin/ip", ["netns", "delete", ns], check: false);
}

string Write(string name, string text)
{
    string path = Path.Combine(folder, name);
    File.WriteAllText(path, text);
    return path;
}

Task<string> Nft(string[] arguments) => Run("/usr/sbin/ip", ["netns", "exec", ns, "nft", .. arguments]);

static void Confirmed(BatchResult result) => Check(result.Items.All(o => o.IsConfirmed), "the adapter refused an entry");

static void Check(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidOperationException(message);
    }
}

// The layout the gateway creates with CreateIfMissing: the adapter's own script, so the anchor runs on the same sets.
static string Setup() => NftScript.Ensure(new NftSetNames("inet", Table, "banned4", "banned6", "banned4_net", "banned6_net"), dropForward: false);

static string Elements(string verb, string set, IEnumerable<string> elements)
{
    var script = new StringBuilder();
    foreach (var chunk in elements.Chunk(1000))
    {
        script.Append(CultureInfo.InvariantCulture, $"{verb} element inet {Table} {set} {{ ");
        script.AppendJoin(", ", chunk);
        script.Append(" }\n");
    }

    return script.ToString();
}

static IFirewallAdapter CreateAdapter(string ns, int batch)
{
    var services = new ServiceCollection().AddNftablesTargetKind().BuildServiceProvider();
    var kind = services.GetServices<IFirewallAdapterKind>().Single(k => k.Kind == "nftables");
    var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Targets:bench:Kind"] = "nftables",
        ["Targets:bench:Table"] = Table,
        ["Targets:bench:NetworkNamespace"] = ns,
        ["Targets:bench:MaxBatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
        ["Targets:bench:CommandTimeout"] = "00:05:00",
    }).Build().GetSection("Targets:bench");
    var problems = kind.Validate(section);
    return problems.Count == 0 ? kind.Create("bench", section, services) : throw new InvalidOperationException(string.Join("; ", problems));
}

static async Task<string> Run(string file, string[] arguments, string? input = null, bool check = true)
{
    var startInfo = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (string argument in arguments)
    {
        startInfo.ArgumentList.Add(argument);
    }

    using var process = Process.Start(startInfo)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    if (input is not null)
    {
        await process.StandardInput.WriteAsync(input);
    }

    process.StandardInput.Close();
    await process.WaitForExitAsync();
    string text = await output;
    if (check && process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
    }

    return text;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
