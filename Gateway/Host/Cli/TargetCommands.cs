using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>targets list</c>.</summary>
internal static class TargetCommands
{
    public static Command Create()
    {
        var command = new Command("targets", "Enforcing targets and their state");
        var list = new Command("list", "Each target's state, last success, pending changes and last error") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var targets = await client.GetAsync("api/v1/targets", ApiJsonContext.Default.IReadOnlyListTargetView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(targets, ApiJsonContext.Default.IReadOnlyListTargetView));
                return 0;
            }

            if (targets.Count == 0)
            {
                Console.Out.WriteLine("no enforcing target configured: nothing is blocked");
                return 0;
            }

            TableWriter.Write(
                Console.Out,
                ["NAME", "KIND", "STATE", "LAST SUCCESS", "PENDING", "FAILING", "LAST ERROR"],
                targets.Select(t => (IReadOnlyList<string?>)
                [
                    t.Name, t.Kind, t.State, TableWriter.Time(t.LastSuccessAt), t.Pending.ToString(CultureInfo.InvariantCulture),
                    t.Failing.ToString(CultureInfo.InvariantCulture), t.LastError,
                ]));
            return 0;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(TargetCheckCommand.Create());
        return command;
    }
}
