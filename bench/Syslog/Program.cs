using System.Globalization;
using FirewallGateway.Syslog.Bench;

// generate <file> [lines]            deterministic auth log (default 200000 lines)
// engine <file> [rounds] [--addresses out.txt]   lines/s through parser + rules, median of rounds (best printed too)
// udp <messages> <rate> [senders]    UDP ingest through the real listener (rate 0 = as fast as possible; senders default 1)
// memory <addresses> <cap>           failure-window memory after a flood of distinct addresses
string mode = args.Length > 0 ? args[0] : "help";
switch (mode)
{
    case "generate":
        AuthLogGenerator.Write(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000);
        return 0;
    case "engine":
        int at = Array.IndexOf(args, "--addresses");
        EngineBench.Run(args[1], args.Length > 2 && at != 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5, at > 0 ? args[at + 1] : null);
        return 0;
    case "udp":
        await UdpIngestBench.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
        return 0;
    case "memory":
        MemoryBench.Run(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: generate <file> [lines] | engine <file> [rounds] [--addresses out] | udp <messages> <rate> [senders] | memory <addresses> <cap>");
        return 2;
}
