using System.Diagnostics;
using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Core.Storage;
using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Postgres;
using FirewallGateway.Storage.Sqlite;

// Arguments: provider (sqlite|postgres) connection-string batches new-percent batch-size [targets 0-3, default 3].
// One write transaction per batch, doing what the decision writer does per report: dedup-free merge path
// (find active decision; when none: count decisions since, insert decision, insert report, enqueue for every
// enabled target; when one: update it, insert report). A share of reports repeat addresses, as attacks do.
int BatchSize = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 500;
int batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
string provider = args.Length > 0 ? args[0] : "sqlite";
int newPercent = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 70;
int targetCount = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;
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
    var random = new Random(42);
    var times = new List<double>(batches);
    int address = 0;
    var cpuAtStart = TimeSpan.Zero;
    for (int b = 0; b < batches + 10; b++)
    {
        if (b == 10)
        {
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        }

        var watch = Stopwatch.StartNew();
        await using (var tx = await store.BeginWriteAsync(CancellationToken.None))
        {
            for (int i = 0; i < BatchSize; i++)
            {
                // newPercent % new attackers, the rest repeats of one of the last 100.
                int n = random.Next(100) < newPercent || address < 100 ? ++address : address - random.Next(1, 100);
                var ip = BanAddress.Parse($"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}");
                var report = new BanReport(ip, "web1", ReportSource.Fail2ban, "sshd", null, now) { Host = "web1", Rule = "sshd", Port = "ssh", Failures = 5 };
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
