using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>allowlist list|add|remove</c>.</summary>
internal static class AllowListCommands
{
    public static Command Create()
    {
        var command = new Command("allowlist", "Addresses that are never banned");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List allow-list entries (configuration and stored)") { CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var entries = await client.GetAsync("api/v1/allowlist", ApiJsonContext.Default.IReadOnlyListAllowListView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(entries, ApiJsonContext.Default.IReadOnlyListAllowListView));
                return 0;
            }

            TableWriter.Write(
                Console.Out,
                ["ID", "ADDRESS", "ACTIVE", "EXPIRES", "SOURCE", "COMMENT"],
                entries.Select(e => (IReadOnlyList<string?>)
                [
                    e.Id.ToString(CultureInfo.InvariantCulture), e.Address, e.Active ? "yes" : "no", TableWriter.Time(e.ExpiresAt), e.Source, e.Comment,
                ]));
            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var address = new Argument<string>("address") { Description = "IPv4/IPv6 address or CIDR block" };
        var comment = new Option<string?>("--comment") { Description = "Why it is allowed" };
        var expires = new Option<string?>("--expires-in") { Description = "Entry lapses after this long: 1h, 7d (default: never)" };
        var command = new Command("add", "Allow an address or block; active bans it covers are lifted") { address, comment, expires, CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? until = null;
            if (parse.GetValue(expires) is { } text)
            {
                if (!DurationText.TryParse(text, out var span))
                {
                    throw new CliException("--expires-in must look like 90s, 15m, 4h, 7d");
                }

                until = TimeProvider.System.GetUtcNow() + span;
            }

            using var client = CliOptions.Connection(parse).CreateClient();
            var added = await client.PostAsync(
                "api/v1/allowlist",
                new AllowListRequest(parse.GetValue(address), parse.GetValue(comment), until, true),
                ApiJsonContext.Default.AllowListRequest,
                ApiJsonContext.Default.AllowListAdded,
                cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(added, ApiJsonContext.Default.AllowListAdded)
                : string.Create(CultureInfo.InvariantCulture, $"allow-list entry {added.Entry.Id}: {added.Entry.Address}; {added.Unbanned.Count} active decision(s) lifted"));
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<long>("id") { Description = "Entry id (see 'allowlist list')" };
        var command = new Command("remove", "Remove an operator allow-list entry") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/allowlist/{parse.GetValue(id)}"), cancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allow-list entry {parse.GetValue(id)} removed"));
            return 0;
        });
        return command;
    }
}
