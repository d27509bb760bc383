using System.Diagnostics;
using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres;
using FirewallGateway.Storage.Sqlite;

// Arguments: provider (sqlite|postgres) connection-string batches new-percent batch-size [targets 0-3, default 3]
// [address offset, default 0].
// One write transaction per batch. PostgreSQL: the batch goes to the server in one call, as the decision writer
// sends it. SQLite: what the decision writer does per report: dedup-free merge path
// (find active decision; when none: count decisions since, insert decision, insert report, enqueue for every
// enabled target; when one: update it, insert report). A share of reports repeat addresses, as attacks do.
int BatchSize = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 500;
int batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
string provider = args.Length > 0 ? args[0] : "sqlite";
int newPercent = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 70;
int targetCount = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;

// Where this process's addresses start: two processes with different offsets model two gateways behind a load
// balancer that see different attackers; the same offset, the worst case (every report on both, same order).
int addressOffset = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 0;
string folder = Directory.CreateTempSubdirectory("fgw-bench-").FullName;
RelationalStore store = provider == "postgres"
    ? new PostgresStore(args[1], TimeProvider.System)
    : new SqliteStore(Path.Combine(folder, "bench.db"), TimeProvider.System);
try
{
    await store.MigrateAsync(CancellationToken.None);
    (string, string)[] targets = [("edge", "routeros"), ("core", "nftables"), ("f2b", "fail2ban-ssh")];
    await store.SyncTargetsAsync(targets[..targetCount], CancellationToken.None);
    var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    var rules = new BatchMergeRules(2.0, TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromMinutes(1));
    var random = new Random(42);
    var times = new List<double>(batches);
    int address = addressOffset;
    var cpuAtStart = TimeSpan.Zero;

    // newPercent % new attackers, the rest repeats of one of the last 100.
    BanReport NextReport()
    {
        int n = random.Next(100) < newPercent || address < addressOffset + 100 ? ++address : address - random.Next(1, 100);
        var ip = BanAddress.Parse($"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}");
        return new BanReport(ip, "web1", ReportSource.Fail2ban, "sshd", null, now) { Host = "web1", Rule = "sshd", Port = "ssh", Failures = 5 };
    }
    for (int b = 0; b < batches + 10; b++)
    {
        if (b == 10)
        {
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        }

        var watch = Stopwatch.StartNew();
        if (store is IBatchMergeStore batchStore)
        {
            // PostgreSQL: the decision writer hands the whole batch to the server in one call (fg_merge_reports).
            var items = new BatchMergeItem[BatchSize];
            for (int i = 0; i < BatchSize; i++)
            {
                items[i] = new BatchMergeItem(NextReport(), null, false, TimeSpan.FromHours(1));
            }

            await batchStore.MergeBatchAsync(items, rules, now, CancellationToken.None);
        }
        else
        {
            await using (var tx = await store.BeginWriteAsync(CancellationToken.None))
            {
                for (int i = 0; i < BatchSize; i++)
                {
                    var report = NextReport();
                    var ip = report.Address;
                    var active = await tx.FindActiveDecisionAsync(ip, CancellationToken.None);
                    if (active is null)
                    {
                        await tx.CountDecisionsSinceAsync(ip, now.AddDays(-7), CancellationToken.None);
                        var decision = await tx.InsertDecisionAsync(
                            new Decision(0, ip, ReportSource.Fail2ban, "sshd", now, now, now.AddHours(1), 1, DecisionState.Active), CancellationToken.None);
                        await tx.InsertReportAsync(report, decision.Id, OutcomeCodes.Created, CancellationToken.None);
                        await tx.EnqueueAsync(ChangeKind.Ban, decision, now, null, CancellationToken.None);
                    }
                    else
                    {
                        await tx.UpdateDecisionAsync(active with { LastSeen = now, ReportCount = active.ReportCount + 1 }, CancellationToken.None);
                        await tx.InsertReportAsync(report, active.Id, OutcomeCodes.Merged, CancellationToken.None);
                    }
                }

                await tx.CommitAsync(CancellationToken.None);
            }
        }

        if (b >= 10)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    double cpuPerTransaction = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds / batches;
    times.Sort();
    double total = times.Sum();
    long decisions = await store.CountActiveDecisionsAsync(CancellationToken.None);
    int pending = await store.CountPendingAsync("edge", CancellationToken.None);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{provider}: {batches} transactions of {BatchSize} reports ({newPercent} % new addresses, {targetCount} targets): median {times[times.Count / 2]:0.00} ms, " +
        $"p95 {times[(int)(times.Count * 0.95)]:0.00} ms, max {times[^1]:0.00} ms, {batches * BatchSize / (total / 1000):0} reports/s; " +
        $"CPU {cpuPerTransaction:0.00} ms per transaction (all threads); " +
        $"{decisions} decisions, {pending} outbox rows per target"));
}
finally
{
    await store.DisposeAsync();
    Directory.Delete(folder, recursive: true);
}
