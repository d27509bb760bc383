using System.CommandLine;

namespace FirewallGateway.Cli;

/// <summary><c>blocklist [--family 4|6]</c>: the plain-text list firewalls fetch, one address or block per line.</summary>
internal static class BlocklistCommand
{
    public static Command Create()
    {
        var family = new Option<string?>("--family") { Description = "4 or 6 (both when left out)" };
        family.AcceptOnlyFromAmong("4", "6");
        var command = new Command("blocklist", "Print the addresses blocked now, one per line (what /api/v1/blocklist serves)") { family };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            string? wanted = parse.GetValue(family);
            await Console.Out.WriteAsync(await client.GetTextAsync(
                wanted is null ? "api/v1/blocklist" : "api/v1/blocklist?family=" + wanted, cancellationToken));
            return 0;
        });
        return command;
    }
}
