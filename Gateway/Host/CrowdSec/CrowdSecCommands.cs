using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Cli;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// <c>bouncers add|list|delete</c> and <c>machines add|list|delete</c>, named as <c>cscli</c> names them: the
/// API keys of CrowdSec bouncers and the logins of CrowdSec agents.
/// </summary>
internal static class CrowdSecCommands
{
    public static Command Bouncers()
    {
        var command = new Command("bouncers", "CrowdSec bouncers that pull the gateway's decisions with an API key");
        var list = new Command("list", "Each bouncer, its last pull and the changes it has not pulled") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var bouncers = await client.GetAsync("api/v1/crowdsec/bouncers", CrowdSecApiJsonContext.Default.IReadOnlyListBouncerView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(bouncers, CrowdSecApiJsonContext.Default.IReadOnlyListBouncerView));
                return 0;
            }

            TableWriter.Write(Console.Out, ["NAME", "CREATED", "LAST PULL", "PENDING"], bouncers.Select(b => (IReadOnlyList<string?>)
                [b.Name, TableWriter.Time(b.CreatedAt), b.LastPullAt is null ? "never" : TableWriter.Time(b.LastPullAt), b.Pending.ToString(CultureInfo.InvariantCulture)]));
            return 0;
        });

        var name = new Argument<string>("name") { Description = "Bouncer name, e.g. the host it runs on" };
        var key = new Option<string?>("--key") { Description = $"API key of at least {BouncerKeys.MinimumLength} characters; generated when left out" };
        var add = new Command("add", "Register a bouncer; prints its API key once") { name, key, CliOptions.Json };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var created = await client.PostAsync(
                "api/v1/crowdsec/bouncers",
                new BouncerRequest(parse.GetValue(name), parse.GetValue(key)),
                CrowdSecApiJsonContext.Default.BouncerRequest,
                CrowdSecApiJsonContext.Default.BouncerCreated,
                cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(created, CrowdSecApiJsonContext.Default.BouncerCreated)
                : $"bouncer '{created.Name}' added; API key (shown once, put it in the bouncer's api_key): {created.Key}");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(Delete("bouncer", "api/v1/crowdsec/bouncers/"));
        return command;
    }

    public static Command Machines()
    {
        var command = new Command("machines", "CrowdSec agents that log in and post alerts");
        var list = new Command("list", "Each machine and when it was last seen") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var machines = await client.GetAsync("api/v1/crowdsec/machines", CrowdSecApiJsonContext.Default.IReadOnlyListMachineView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(machines, CrowdSecApiJsonContext.Default.IReadOnlyListMachineView));
                return 0;
            }

            TableWriter.Write(Console.Out, ["MACHINE", "CREATED", "LAST SEEN"], machines.Select(m => (IReadOnlyList<string?>)
                [m.MachineId, TableWriter.Time(m.CreatedAt), m.LastSeenAt is null ? "never" : TableWriter.Time(m.LastSeenAt)]));
            return 0;
        });

        var machineId = new Argument<string>("machine-id") { Description = "The agent's login (local_api_credentials.yaml: login)" };
        var password = new Option<string?>("--machine-password") { Description = "At least 12 characters; generated when left out" };
        var add = new Command("add", "Create or replace a machine's login; prints its password once") { machineId, password, CliOptions.Json };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var created = await client.PostAsync(
                "api/v1/crowdsec/machines",
                new MachineRequest(parse.GetValue(machineId), parse.GetValue(password)),
                CrowdSecApiJsonContext.Default.MachineRequest,
                CrowdSecApiJsonContext.Default.MachineCreated,
                cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(created, CrowdSecApiJsonContext.Default.MachineCreated)
                : $"machine '{created.MachineId}' added; password (shown once, put it in local_api_credentials.yaml): {created.Password}");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(Delete("machine", "api/v1/crowdsec/machines/"));
        return command;
    }

    private static Command Delete(string what, string path)
    {
        var name = new Argument<string>("name") { Description = $"The {what} to delete" };
        var delete = new Command("delete", $"Delete a {what}: it loses access at once") { name };
        delete.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync(path + Uri.EscapeDataString(parse.GetValue(name)!), cancellationToken);
            Console.Out.WriteLine($"{what} '{parse.GetValue(name)}' deleted");
            return 0;
        });
        return delete;
    }
}
