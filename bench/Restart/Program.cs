using System.Globalization;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Storage.Sqlite;

// Seeds <count> active decisions (one in ten IPv6) into the SQLite store at <path>, expiring in a day, with no
// outbox items: the state a gateway finds after its firewall rebooted and lost every element. The gateway's
// start-up reconcile then has to enforce all of them again, which is what bench/Restart/run.sh times.
if (args.Length != 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
{
    await Console.Error.WriteLineAsync("usage: FirewallGateway.Restart.Bench <sqlite-path> <count>");
    return 2;
}

const int TransactionSize = 5000;
await using var store = new SqliteStore(args[0], TimeProvider.System);
await store.MigrateAsync(CancellationToken.None);
DateTimeOffset now = TimeProvider.System.GetUtcNow();
for (int first = 0; first < count; first += TransactionSize)
{
    await using var tx = await store.BeginWriteAsync(CancellationToken.None);
    for (int n = first; n < Math.Min(count, first + TransactionSize); n++)
    {
        var address = BanAddress.Parse(n % 10 == 9
            ? $"2a00:1450:{(n >> 16) & 0xffff:x}:{n & 0xffff:x}::1"
            : $"1.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}");
        await tx.InsertDecisionAsync(
            new Decision(0, address, ReportSource.Operator, "restart benchmark", now, now, now.AddDays(1), 1, DecisionState.Active),
            CancellationToken.None);
    }

    await tx.CommitAsync(CancellationToken.None);
}

Console.WriteLine($"seeded {count} active decisions into {args[0]}");
return 0;
