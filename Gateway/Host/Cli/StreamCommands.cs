using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>stream pull &lt;consumer&gt;</c> and <c>stream list</c>: the change feed for other firewalls.</summary>
internal static class StreamCommands
{
    public static Command Create()
    {
        var command = new Command("stream", "The change feed for other firewalls (snapshot first, then only changes, per consumer)");
        var consumer = new Argument<string>("consumer") { Description = "Consumer name; each name has its own cursor, owned by the login that pulls it" };
        var restart = new Option<bool>("--restart") { Description = "Start over with a full snapshot" };
        var max = new Option<int?>("--max") { Description = "At most this many changes (default 10000)" };
        var pull = new Command("pull", "Next batch for a consumer: 'snapshot' lines first time, then '+ address' / '- address'") { consumer, restart, max, CliOptions.Json };
        pull.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            string path = $"api/v1/stream/{Uri.EscapeDataString(parse.GetValue(consumer)!)}?restart={(parse.GetValue(restart) ? "true" : "false")}"
                + (parse.GetValue(max) is { } m ? string.Create(CultureInfo.InvariantCulture, $"&max={m}") : string.Empty);
            var view = await client.GetAsync(path, ApiJsonContext.Default.StreamView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(view, ApiJsonContext.Default.StreamView));
                return 0;
            }

            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"# {(view.Snapshot ? "snapshot" : "changes")} cursor={view.Cursor}{(view.More ? " more" : string.Empty)}"));
            foreach (var change in view.Changes)
            {
                Console.Out.WriteLine($"{(change.Op == "add" ? '+' : '-')} {change.Address}");
            }

            return 0;
        });
        var list = new Command("list", "Consumers and their cursors") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var consumers = await client.GetAsync("api/v1/stream", ApiJsonContext.Default.IReadOnlyListStreamConsumerView, cancellationToken);
            TableWriter.Write(Console.Out, ["CONSUMER", "OWNER", "CURSOR", "LAST PULL"], consumers.Select(c => (IReadOnlyList<string?>)
                [c.Name, c.Owner ?? "-", c.Cursor.ToString(CultureInfo.InvariantCulture), TableWriter.Time(c.UpdatedAt)]));
            return 0;
        });
        command.Subcommands.Add(pull);
        command.Subcommands.Add(list);
        return command;
    }
}
