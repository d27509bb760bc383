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
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The built-in rules, or with SYSLOG_BENCH_FILTER=&lt;fail2ban filter file&gt; only that imported filter, built
    /// as the listener builds it (its regexes compiled): the imported filter's steady state.
    /// </summary>
    private static IReadOnlyList<DetectionRule> Rules()
    {
        string? filter = Environment.GetEnvironmentVariable("SYSLOG_BENCH_FILTER");
        if (filter is null)
        {
            return RuleSetBuilder.Build(new SyslogReceiverOptions(), []);
        }

        var options = new SyslogReceiverOptions { Fail2banFilters = [filter] };
        foreach (var builtIn in BuiltInRules.All)
        {
            options.Rules[builtIn.Name] = new SyslogRuleOptions { Enabled = false };
        }

        var errors = new List<string>();
        var rules = RuleSetBuilder.Build(options, errors);
        return errors.Count == 0 ? rules : throw new InvalidOperationException(string.Join('\n', errors));
    }

    public static void Run(string path, int rounds, string? addressesOut)
    {
        string[] lines = File.ReadAllLines(path);
        var reference = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var walls = new List<double>();
        var cpus = new List<double>();
        bool parseOnly = Environment.GetEnvironmentVariable("SYSLOG_BENCH_PARSE_ONLY") == "1";
        HashSet<string> addresses = [];
        long matched = 0, bans = 0;
        for (int round = 0; round < rounds + 1; round++)
        {
            var engine = new DetectionEngine(Rules(), 100_000);
            var matches = new List<RuleMatch>();
            matched = 0;
            bans = 0;
            var at = reference;

            // The previous round's engine is garbage now; collect it outside the timed part so no round pays for
            // the one before it (the gateway keeps one engine for its whole life).
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
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
                if (!parseOnly && engine.Process(message, at, matches, line))
                {
                    foreach (var match in matches)
                    {
                        matched++;
                        bans += match.Bans ? 1 : 0;
                        // Only in the untimed warm-up round: fail2ban-regex's processed-in time leaves out its
                        // address listing too (-o ip is a separate run).
                        if (round == 0 && addressesOut is not null && match.Rule.Name is "sshd" or "f2b-sshd")
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
                walls.Add(watch.Elapsed.TotalSeconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }
        }

        // The median round is the figure (a long-running gateway's steady state, robust against a noisy round);
        // the best round is printed beside it.
        double median = Median(walls), medianCpu = Median(cpus), best = walls.Min();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine: {lines.Length} lines, {matched} matches, {bans} bans, median of {rounds}: {median:0.000} s = {lines.Length / median:0} lines/s; CPU {medianCpu:0.000} s = {lines.Length / medianCpu:0} lines per CPU-second; best round {lines.Length / best:0} lines/s"));
        if (addressesOut is not null)
        {
            File.WriteAllLines(addressesOut, addresses.Order(StringComparer.Ordinal));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sshd rule matched {addresses.Count} distinct addresses -> {addressesOut}"));
        }
    }
}
