using System.Globalization;
using System.Net;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Syslog.Bench;

/// <summary>Managed memory of one rule's failure window after a flood of distinct addresses, at a given cap.</summary>
internal static class MemoryBench
{
    public static void Run(int addresses, int cap)
    {
        var start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var window = new FailureWindow(5, TimeSpan.FromMinutes(10), cap);
        for (int i = 0; i < addresses; i++)
        {
            window.Record(HostKey.From(BanAddress.FromAddress(new IPAddress((uint)IPAddress.HostToNetworkOrder(0x01000000 + i)))), start.AddTicks(i));
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: {addresses} distinct addresses, cap {cap}: kept {window.Count}, evicted {window.Evicted}, {(after - before) / 1048576.0:0.0} MiB managed ({(after - before) / (double)window.Count:0} bytes per kept address)"));
    }
}
