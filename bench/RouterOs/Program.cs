using System.Diagnostics;
using System.Globalization;
using System.Net;
using FirewallGateway.Adapters.RouterOs;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.Emulators.RouterOs;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: dotnet run -c Release --project bench/RouterOs -- [entries=30000] [depth=250] [tls=false] [latencySamples=2000] [replyDelayMs=0]
// Pushes `entries` bans into a fresh emulator through the real adapter, in dispatcher-sized batches (1000):
// once pipelined (`depth` commands per write), once one command per round trip (depth 1: the per-IP API call
// other bouncers make). Then single-ban latency on a warm connection and a full listing (what reconcile reads).
int entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30_000;
int depth = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 250;
bool tls = args.Length > 2 && bool.Parse(args[2]);
int samples = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000;
var replyDelay = TimeSpan.FromMilliseconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"entries={entries} depth={depth} tls={tls} replyDelay={replyDelay.TotalMilliseconds} ms cores={Environment.ProcessorCount}"));
var pipelined = await PushAsync(depth);
var serial = await PushAsync(1);
Console.WriteLine($"| mode | depth | seconds | entries/s | round trips | round trips per 1,000 | commands |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
foreach (var (name, r) in new[] { ("pipelined", pipelined), ("one at a time", serial) })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.Depth} | {r.Seconds:0.00} | {entries / r.Seconds:0} | {r.RoundTrips} | {r.RoundTrips * 1000.0 / entries:0.#} | {r.Commands} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up pipelined vs one at a time: {serial.Seconds / pipelined.Seconds:0.0}x"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single ban latency over {samples}: p50 {pipelined.P50:0.000} ms, p99 {pipelined.P99:0.000} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listing {entries + samples} owned entries (reconcile read): {pipelined.ListSeconds:0.00} s"));

async Task<Result> PushAsync(int pipelineDepth)
{
    await using var emulator = new RouterOsEmulator { ReplyDelay = replyDelay };
    await emulator.StartAsync(tls);
    var options = new RouterOsTargetOptions
    {
        Host = "127.0.0.1",
        Port = emulator.Port,
        Tls = tls,
        CertificateFingerprint = emulator.CertificateFingerprint,
        User = emulator.User,
        Password = emulator.Password,
        PipelineDepth = pipelineDepth,
        ReadTimeout = TimeSpan.FromSeconds(30),
    };
    await using var adapter = new RouterOsAdapter("bench", options, RouterOsAdapterKind.Endpoint("Targets:bench", options), TimeProvider.System, NullLogger.Instance);
    var expires = DateTimeOffset.UtcNow.AddDays(1);
    var bans = Enumerable.Range(0, entries).Select(i => new BanEntry(Address(i), i, expires)).ToList();
    await adapter.CheckAsync(CancellationToken.None); // connect and log in outside the timing
    long tripsBefore = adapter.RoundTrips;
    long commandsBefore = emulator.CommandsReceived;
    var clock = Stopwatch.StartNew();
    foreach (var batch in bans.Chunk(adapter.MaxBatchSize))
    {
        var result = await adapter.BanAsync(batch, CancellationToken.None);
        if (result.Items.Any(i => i.Kind != ItemOutcomeKind.Applied))
        {
            throw new InvalidOperationException("a ban was not applied");
        }
    }

    double seconds = clock.Elapsed.TotalSeconds;
    long trips = adapter.RoundTrips - tripsBefore;
    long commands = emulator.CommandsReceived - commandsBefore;
    if (emulator.Entries().Count != entries)
    {
        throw new InvalidOperationException($"{emulator.Entries().Count} entries on the router, expected {entries}");
    }

    double p50 = 0, p99 = 0, listSeconds = 0;
    if (pipelineDepth > 1)
    {
        var latencies = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            var single = clock.Elapsed;
            await adapter.BanAsync([new BanEntry(Address(entries + i), entries + i, expires)], CancellationToken.None);
            latencies[i] = (clock.Elapsed - single).TotalMilliseconds;
        }

        Array.Sort(latencies);
        p50 = latencies[samples / 2];
        p99 = latencies[(int)(samples * 0.99)];
        var listing = Stopwatch.StartNew();
        int owned = 0;
        await foreach (var _ in adapter.ListAsync(CancellationToken.None))
        {
            owned++;
        }

        listSeconds = listing.Elapsed.TotalSeconds;
        if (owned != entries + samples)
        {
            throw new InvalidOperationException($"listed {owned} entries");
        }
    }

    return new Result(pipelineDepth, seconds, trips, commands, p50, p99, listSeconds);
}

static BanAddress Address(int i) => BanAddress.FromAddress(new IPAddress([1, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));

internal sealed record Result(int Depth, double Seconds, long RoundTrips, long Commands, double P50, double P99, double ListSeconds);
