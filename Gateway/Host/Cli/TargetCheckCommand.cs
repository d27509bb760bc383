using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>targets check [name]</c>: connect now; reachable / authenticated / list present, or the error.</summary>
internal static class TargetCheckCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Target to check (all when left out)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("check", "Check the connection to one target or all now, and record it as last contact") { name, CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            string? target = parse.GetValue(name);
            IReadOnlyList<TargetCheckView> checks = target is null
                ? await client.PostEmptyAsync("api/v1/targets/check", ApiJsonContext.Default.IReadOnlyListTargetCheckView, cancellationToken)
                : [await client.PostEmptyAsync($"api/v1/targets/{Uri.EscapeDataString(target)}/check", ApiJsonContext.Default.TargetCheckView, cancellationToken)];
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(checks, ApiJsonContext.Default.IReadOnlyListTargetCheckView));
            }
            else
            {
                TableWriter.Write(
                    Console.Out,
                    ["TARGET", "KIND", "REACHABLE", "AUTHENTICATED", "READY", "DETAIL"],
                    checks.Select(c => (IReadOnlyList<string?>)[c.Target, c.Kind, YesNo(c.Reachable), YesNo(c.Authenticated), YesNo(c.Ready), c.Detail]));
                WriteSnmp(checks);
            }

            return checks.All(c => c.Healthy) ? 0 : 3;
        });
        return command;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A second table for targets polled by SNMP: what the device says of itself and its last reboot.</summary>
    private static void WriteSnmp(IReadOnlyList<TargetCheckView> checks)
    {
        var polled = checks.Where(c => c.Snmp is not null).ToList();
        if (polled.Count == 0)
        {
            return;
        }

        Console.Out.WriteLine();
        TableWriter.Write(
            Console.Out,
            ["SNMP-TARGET", "AGENT", "POLL", "SYSNAME", "UPTIME", "LAST REBOOT SEEN", "DETAIL"],
            polled.Select(c => (IReadOnlyList<string?>)
            [
                c.Target,
                c.Snmp!.Agent,
                c.Snmp.LastResult,
                c.Snmp.SysName,
                c.Snmp.Uptime?.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture),
                c.Snmp.LastRebootAt?.ToString("u", CultureInfo.InvariantCulture),
                c.Snmp.LastError ?? c.Snmp.SysDescr,
            ]));
    }
}
