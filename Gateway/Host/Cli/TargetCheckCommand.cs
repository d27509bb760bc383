using System.CommandLine;
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
            }

            return checks.All(c => c.Healthy) ? 0 : 3;
        });
        return command;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
