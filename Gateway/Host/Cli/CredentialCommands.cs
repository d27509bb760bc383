using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>credentials list|add|remove</c>: one login per reporting host, or for operators.</summary>
internal static class CredentialCommands
{
    public static Command Create()
    {
        var command = new Command("credentials", "Logins of reporters (fail2ban hosts, Graylog) and operators");
        var list = new Command("list", "List logins") { CliOptions.Json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var logins = await client.GetAsync("api/v1/credentials", ApiJsonContext.Default.IReadOnlyListCredentialView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(logins, ApiJsonContext.Default.IReadOnlyListCredentialView));
                return 0;
            }

            TableWriter.Write(Console.Out, ["NAME", "ROLE", "ACTIVE", "CREATED"], logins.Select(c => (IReadOnlyList<string?>)
                [c.Name, c.Role, c.Active ? "yes" : "no", TableWriter.Time(c.CreatedAt)]));
            return 0;
        });

        var name = new Argument<string>("name") { Description = "Login name, e.g. the reporting host's name" };
        var role = new Option<string>("--role") { Description = "reporter (may only report) or operator", DefaultValueFactory = _ => "reporter" };
        var password = new Option<string?>("--password") { Description = "At least 12 characters; generated when left out" };
        var add = new Command("add", "Create or replace a login; prints its password once") { name, role, password, CliOptions.Json };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var created = await client.PostAsync(
                "api/v1/credentials",
                new CredentialRequest(parse.GetValue(name), parse.GetValue(role), parse.GetValue(password)),
                ApiJsonContext.Default.CredentialRequest,
                ApiJsonContext.Default.CredentialCreated,
                cancellationToken);
            Console.Out.WriteLine(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(created, ApiJsonContext.Default.CredentialCreated)
                : string.Create(CultureInfo.InvariantCulture, $"{created.Role} login '{created.Name}' created; password: {created.Password}"));
            return 0;
        });

        var removeName = new Argument<string>("name") { Description = "Login name" };
        var remove = new Command("remove", "Remove a login") { removeName };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            await client.DeleteAsync("api/v1/credentials/" + Uri.EscapeDataString(parse.GetValue(removeName)!), cancellationToken);
            Console.Out.WriteLine($"login '{parse.GetValue(removeName)}' removed");
            return 0;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(remove);
        return command;
    }
}
