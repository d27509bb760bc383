using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>servers list|add|set|remove</c>: the server registry.</summary>
internal static class ServerCommands
{
    public static Command Create()
    {
        var command = new Command("servers", "Registered servers: their reporter login, allow-list entry, cap, ban duration, scope");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Change("add", "Register a server; prints its reporter password once"));
        command.Subcommands.Add(Change("set", "Change a server (only the options given)"));
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var list = new Command("list", "Every registered server") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var servers = await client.GetAsync("api/v1/servers", ApiJsonContext.Default.IReadOnlyListServerView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(servers, ApiJsonContext.Default.IReadOnlyListServerView));
                return 0;
            }

            TableWriter.Write(Console.Out, ["NAME", "ADDRESS", "MODE", "SCOPE", "MAX", "BAN", "ALLOW-LIST"], servers.Select(s => (IReadOnlyList<string?>)
            [
                s.Name, s.Address, s.Active ? "active" : "report-only", s.Group is null ? s.Scope : $"{s.Scope}:{s.Group}",
                s.MaxAddresses?.ToString(CultureInfo.InvariantCulture) ?? "-", s.BanDuration ?? "policy", s.AllowListId?.ToString(CultureInfo.InvariantCulture),
            ]));
            return 0;
        });
        return list;
    }

    private static Command Change(string verb, string description)
    {
        var name = new Argument<string>("name") { Description = "Server name (also its reporter login)" };
        var address = new Option<string?>("--address") { Description = "Its IP address (allow-listed automatically)" };
        var max = new Option<int?>("--max-addresses") { Description = "Most addresses pushed to it as a target (0: no cap)" };
        var ban = new Option<string?>("--ban-duration") { Description = "Its ban duration, e.g. 4h (empty: policy)" };
        var scope = new Option<string?>("--scope") { Description = "fleet or group" };
        scope.AcceptOnlyFromAmong("fleet", "group");
        var group = new Option<string?>("--group") { Description = "Its group (for scope group)" };
        var reportOnly = new Option<bool?>("--report-only") { Description = "true: it only reports and receives nothing (honeypot)" };
        var command = new Command(verb, description) { name, address, max, ban, scope, group, reportOnly };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var request = new ServerRequest(
                parse.GetValue(name), parse.GetValue(address), parse.GetValue(max), parse.GetValue(ban), parse.GetValue(scope), parse.GetValue(group),
                parse.GetValue(reportOnly) is { } only ? !only : null);
            if (verb == "add")
            {
                var created = await client.PostAsync(
                    "api/v1/servers", request, ApiJsonContext.Default.ServerRequest, ApiJsonContext.Default.ServerCreated, cancellationToken);
                Console.Out.WriteLine($"server {created.Server.Name} registered; {created.Server.Address} is allow-listed (entry {created.Server.AllowListId})");
                Console.Out.WriteLine($"reporter login: {created.Server.Credential}:{created.Password}   (shown once)");
                return 0;
            }

            var updated = await client.SendAsync(
                HttpMethod.Patch, "api/v1/servers/" + Uri.EscapeDataString(request.Name!), request, ApiJsonContext.Default.ServerRequest,
                ApiJsonContext.Default.ServerView, cancellationToken);
            Console.Out.WriteLine($"server {updated.Name} changed: {(updated.Active ? "active" : "report-only")}, scope {updated.Scope}");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "Server name" };
        var command = new Command("remove", "Remove a server, its reporter login and its allow-list entry") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync("api/v1/servers/" + Uri.EscapeDataString(parse.GetValue(name)!), cancellationToken);
            Console.Out.WriteLine($"server {parse.GetValue(name)} removed with its login and allow-list entry");
            return 0;
        });
        return command;
    }
}
