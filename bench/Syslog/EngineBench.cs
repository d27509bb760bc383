using System.Diagnostics;
using System.Globalization;
using FirewallGateway.Receivers.Syslog;
using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Syslog.Bench;

/// <summary>
/// Lines per second through parser and rules (the work of <c>rules test</c>), with the lines already in memory,
/// and the distinct addresses each rule matched (printed with --addresses, to compare with fail2ban-regex -o ip).
/// </summary>
internal static class EngineBench
{
    public static void Run(string path, int rounds, string? addressesOut)
    {
        string[] lines = File.ReadAllLines(path);
        var reference = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        bool parseOnly = Environment.GetEnvironmentVariable("SYSLOG_BENCH_PARSE_ONLY") == "1";
        HashSet<string> addresses = [];
        long matched = 0, bans = 0;
        for (int round = 0; round < rounds + 1; round++)
        {
            var engine = new DetectionEngine(RuleSetBuilder.Build(new SyslogReceiverOptions(), []), 100_000);
            var matches = new List<RuleMatch>();
            addresses.Clear();
            matched = 0;
            bans = 0;
            var at = reference;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (string line in lines)
            {
                if (!SyslogParser.TryParse(line, requirePriority: false, out var message, out _))
                {
                    continue;
                }

                if (!message.Timestamp.IsEmpty && SyslogTimestamp.TryResolve(message.Timestamp, reference, out var stamped))
                {
                    at = stamped;
                }

                matches.Clear();
                if (!parseOnly && engine.Process(message, at, matches))
                {
                    foreach (var match in matches)
                    {
                        matched++;
                        bans += match.Bans ? 1 : 0;
                        if (addressesOut is not null && match.Rule.Name == "sshd")
                        {
                            addresses.Add(match.Address.ToString());
                        }
                    }
                }
            }

            watch.Stop();
            if (round > 0)
            {
                // Round 0 warms the JIT (tiered compilation) and is not counted.
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine: {lines.Length} lines, {matched} matches, {bans} bans, best of {rounds}: {best:0.000} s = {lines.Length / best:0} lines/s; CPU {bestCpu:0.000} s = {lines.Length / bestCpu:0} lines per CPU-second"));
        if (addressesOut is not null)
        {
            File.WriteAllLines(addressesOut, addresses.Order(StringComparer.Ordinal));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sshd rule matched {addresses.Count} distinct addresses -> {addressesOut}"));
        }
    }
}
