using System.CommandLine;

namespace FirewallGateway.Cli;

/// <summary>
/// The operator CLI in the same binary: <c>FirewallGateway decisions list</c> and friends talk to the HTTP API;
/// with no command (or <c>serve</c>) the binary runs the gateway.
/// </summary>
internal static class GatewayCli
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "decisions", "allowlist", "targets", "why", "credentials", "rules", "store", "blocklist", "stream", "report", "servers", "lock", "unlock", "bouncers", "machines", "help", "--help", "-h", "-?", "--version",
    };

    /// <summary>True when the arguments ask for a CLI command rather than the server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, IEnumerable<Command> extraCommands)
    {
        // What the CLI prints comes from the gateway, much of it from reporters: no byte of it may drive the terminal.
        Console.SetOut(TextWriter.Synchronized(new TerminalSafeWriter(Console.Out)));
        Console.SetError(TextWriter.Synchronized(new TerminalSafeWriter(Console.Error)));
        var root = new RootCommand("FirewallGateway: one attack seen anywhere, a block everywhere. Run without a command to start the gateway.")
        {
            CliOptions.Url, CliOptions.User, CliOptions.Password, CliOptions.CredentialsFile,
        };
        root.Subcommands.Add(DecisionCommands.Create());
        root.Subcommands.Add(AllowListCommands.Create());
        root.Subcommands.Add(TargetCommands.Create());
        root.Subcommands.Add(WhyCommand.Create());
        root.Subcommands.Add(CredentialCommands.Create());
        root.Subcommands.Add(BlocklistCommand.Create());
        root.Subcommands.Add(StreamCommands.Create());
        root.Subcommands.Add(ReportCommands.Create());
        root.Subcommands.Add(LockCommands.Lock());
        root.Subcommands.Add(LockCommands.Unlock());
        root.Subcommands.Add(ServerCommands.Create());
        foreach (var command in extraCommands)
        {
            root.Subcommands.Add(command);
        }

        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync("error: cannot reach the gateway: " + ex.Message);
            return 2;
        }
    }
}
