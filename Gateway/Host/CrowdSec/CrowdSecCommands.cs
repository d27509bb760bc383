using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FirewallGateway.Cli;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// <c>bouncers add|list|delete</c> and <c>machines add|list|delete</c>, named as <c>cscli</c> names them: the
/// API keys of CrowdSec bouncers and the logins of CrowdSec agents.
/// </summary>
internal static class CrowdSecCommands
{
    private const string BouncersPath = "api/v1/crowdsec/bouncers";
    private const string MachinesPath = "api/v1/crowdsec/machines";

    public static Command Bouncers()
    {
        var name = new Argument<string>("name") { Description = "Bouncer name, e.g. the host it runs on" };
        var key = new Option<string?>("--key") { Description = $"API key of at least {BouncerKeys.MinimumLength} characters; generated when left out" };
        var command = new Command("bouncers", "CrowdSec bouncers that pull the gateway's decisions with an API key");
        command.Subcommands.Add(List(
            "Each bouncer, its last pull and the changes it has not pulled",
            BouncersPath,
            CrowdSecApiJsonContext.Default.IReadOnlyListBouncerView,
            ["NAME", "CREATED", "LAST PULL", "PENDING"],
            b => [b.Name, TableWriter.Time(b.CreatedAt), b.LastPullAt is null ? "never" : TableWriter.Time(b.LastPullAt), b.Pending.ToString(CultureInfo.InvariantCulture)]));
        command.Subcommands.Add(Add(
            "Register a bouncer; prints its API key once",
            name,
            key,
            BouncersPath,
            parse => new BouncerRequest(parse.GetValue(name), parse.GetValue(key)),
            CrowdSecApiJsonContext.Default.BouncerRequest,
            CrowdSecApiJsonContext.Default.BouncerCreated,
            created => $"bouncer '{created.Name}' added; API key (shown once, put it in the bouncer's api_key): {created.Key}"));
        command.Subcommands.Add(Delete("bouncer", BouncersPath));
        return command;
    }

    public static Command Machines()
    {
        var machineId = new Argument<string>("machine-id") { Description = "The agent's login (local_api_credentials.yaml: login)" };
        var password = new Option<string?>("--machine-password") { Description = "At least 12 characters; generated when left out" };
        var command = new Command("machines", "CrowdSec agents that log in and post alerts");
        command.Subcommands.Add(List(
            "Each machine and when it was last seen",
            MachinesPath,
            CrowdSecApiJsonContext.Default.IReadOnlyListMachineView,
            ["MACHINE", "CREATED", "LAST SEEN"],
            m => [m.MachineId, TableWriter.Time(m.CreatedAt), m.LastSeenAt is null ? "never" : TableWriter.Time(m.LastSeenAt)]));
        command.Subcommands.Add(Add(
            "Create or replace a machine's login; prints its password once",
            machineId,
            password,
            MachinesPath,
            parse => new MachineRequest(parse.GetValue(machineId), parse.GetValue(password)),
            CrowdSecApiJsonContext.Default.MachineRequest,
            CrowdSecApiJsonContext.Default.MachineCreated,
            created => $"machine '{created.MachineId}' added; password (shown once, put it in local_api_credentials.yaml): {created.Password}"));
        command.Subcommands.Add(Delete("machine", MachinesPath));
        return command;
    }

    private static Command List<T>(
        string description, string path, JsonTypeInfo<IReadOnlyList<T>> typeInfo, IReadOnlyList<string> headers, Func<T, IReadOnlyList<string?>> row)
    {
        var list = new Command("list", description) { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var items = await client.GetAsync(path, typeInfo, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(items, typeInfo));
                return 0;
            }

            TableWriter.Write(Console.Out, headers, items.Select(row));
            return 0;
        });
        return list;
    }

    private static Command Add<TRequest, TCreated>(
        string description,
        Argument<string> name,
        Option<string?> secret,
        string path,
        Func<ParseResult, TRequest> request,
        JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TCreated> createdInfo,
        Func<TCreated, string> done)
    {
        var add = new Command("add", description) { name, secret, CliOptions.Json };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var created = await client.PostAsync(path, request(parse), requestInfo, createdInfo, cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json) ? JsonSerializer.Serialize(created, createdInfo) : done(created));
            return 0;
        });
        return add;
    }

    private static Command Delete(string what, string path)
    {
        var name = new Argument<string>("name") { Description = $"The {what} to delete" };
        var delete = new Command("delete", $"Delete a {what}: it loses access at once") { name };
        delete.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync(path + "/" + Uri.EscapeDataString(parse.GetValue(name)!), cancellationToken);
            Console.Out.WriteLine($"{what} '{parse.GetValue(name)}' deleted");
            return 0;
        });
        return delete;
    }
}
