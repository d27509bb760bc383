using System.CommandLine;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Cli;

/// <summary>
/// The operator CLI in the same binary: <c>FirewallGateway decisions list</c> and friends talk to the HTTP API;
/// with no command (or <c>serve</c>) the binary runs the gateway.
/// </summary>
internal static class GatewayCli
{
    /// <summary>Each command by the name it is typed with; the server's own options are not commands.</summary>
    private static readonly Dictionary<string, Func<Command>> BuiltIn = new(StringComparer.Ordinal)
    {
        ["decisions"] = DecisionCommands.Create,
        ["allowlist"] = AllowListCommands.Create,
        ["targets"] = TargetCommands.Create,
        ["why"] = WhyCommand.Create,
        ["credentials"] = CredentialCommands.Create,
        ["blocklist"] = BlocklistCommand.Create,
        ["stream"] = StreamCommands.Create,
        ["report"] = ReportCommands.Create,
        ["lock"] = LockCommands.Lock,
        ["unlock"] = LockCommands.Unlock,
        ["servers"] = ServerCommands.Create,
    };

    private static readonly HashSet<string> HelpWords = new(StringComparer.Ordinal) { "help", "--help", "-h", "-?", "--version" };

    /// <summary>True when the arguments ask for a CLI command rather than the server.</summary>
    public static bool IsCommand(string[] args, IReadOnlyDictionary<string, Func<Command>> extraCommands) =>
        args.Length > 0 && (BuiltIn.ContainsKey(args[0]) || extraCommands.ContainsKey(args[0]) || HelpWords.Contains(args[0]));

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, Func<Command>> extraCommands)
    {
        // What the CLI prints comes from the gateway, much of it from reporters: no byte of it may drive the terminal.
        Console.SetOut(TextWriter.Synchronized(new TerminalSafeWriter(Console.Out)));
        Console.SetError(TextWriter.Synchronized(new TerminalSafeWriter(Console.Error)));
        var root = new RootCommand("FirewallGateway: one attack seen anywhere, a block everywhere. Run without a command to start the gateway.")
        {
            CliOptions.Url, CliOptions.User, CliOptions.Password, CliOptions.CredentialsFile,
        };

        // Only the command asked for is built: the others' options, JSON contexts and types would be loaded and
        // JIT-compiled for nothing, which is most of a short command's start-up (`rules test` is timed against
        // fail2ban-regex as a whole process). Help without a command lists them all.
        var asked = args.Length > 0 ? (BuiltIn.GetValueOrDefault(args[0]) ?? extraCommands.GetValueOrDefault(args[0])) : null;
        foreach (var create in asked is null ? BuiltIn.Values.Concat(extraCommands.Values) : [asked])
        {
            root.Subcommands.Add(create());
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
