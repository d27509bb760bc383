using System.CommandLine;

namespace FirewallGateway.Cli;

/// <summary>Commands contributed by other parts (syslog rule tester, store tools).</summary>
internal static class GatewayCliExtensions
{
    public static IEnumerable<Command> Commands()
    {
        yield return RulesTestCommand.Create();
    }
}
