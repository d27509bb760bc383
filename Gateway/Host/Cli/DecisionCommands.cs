using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>decisions list|add|remove</c>.</summary>
internal static class DecisionCommands
{
    public static Command Create()
    {
        var command = new Command("decisions", "List, add and remove ban decisions");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var state = new Option<string>("--state") { Description = "active (default), expired, removed or all", DefaultValueFactory = _ => "active" };
        var limit = new Option<int>("--limit") { Description = "Most rows (default 100)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List decisions, newest first") { state, limit, CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var decisions = await client.GetAsync(
                string.Create(CultureInfo.InvariantCulture, $"api/v1/decisions?state={Uri.EscapeDataString(parse.GetValue(state)!)}&limit={parse.GetValue(limit)}"),
                ApiJsonContext.Default.IReadOnlyListDecisionView,
                cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(decisions, ApiJsonContext.Default.IReadOnlyListDecisionView));
                return 0;
            }

            TableWriter.Write(
                Console.Out,
                ["ID", "ADDRESS", "STATE", "ORIGIN", "REASON", "REPORTS", "EXPIRES", "BY"],
                decisions.Select(d => (IReadOnlyList<string?>)
                [
                    d.Id.ToString(CultureInfo.InvariantCulture), d.Address, d.State, d.Origin, d.Reason,
                    d.ReportCount.ToString(CultureInfo.InvariantCulture), TableWriter.Time(d.ExpiresAt), d.CreatedBy,
                ]));
            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var address = new Argument<string>("address") { Description = "IPv4/IPv6 address or CIDR block" };
        var duration = new Option<string?>("--duration") { Description = "How long: 90s, 15m, 4h, 7d (default: policy)" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown in listings)" };
        var command = new Command("add", "Ban an address by hand on every target") { address, duration, reason, CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var decision = await client.PostAsync(
                "api/v1/decisions",
                new ManualBanRequest(parse.GetValue(address), parse.GetValue(duration), parse.GetValue(reason)),
                ApiJsonContext.Default.ManualBanRequest,
                ApiJsonContext.Default.DecisionView,
                cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(decision, ApiJsonContext.Default.DecisionView)
                : string.Create(CultureInfo.InvariantCulture, $"decision {decision.Id}: {decision.Address} banned until {TableWriter.Time(decision.ExpiresAt)}"));
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<long>("id") { Description = "Decision id (see 'decisions list')" };
        var command = new Command("remove", "End a decision and unban its address on every target") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/decisions/{parse.GetValue(id)}"), cancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decision {parse.GetValue(id)} removed; unbans are queued for every target"));
            return 0;
        });
        return command;
    }
}
