using System.CommandLine;
using FirewallGateway.CrowdSec;

namespace FirewallGateway.Cli;

/// <summary>Commands contributed by other parts (syslog rule tester, store tools, CrowdSec bouncers and machines).</summary>
internal static class GatewayCliExtensions
{
    public static IEnumerable<Command> Commands()
    {
        yield return RulesTestCommand.Create();
        yield return StoreCopyCommand.Create();
        yield return CrowdSecCommands.Bouncers();
        yield return CrowdSecCommands.Machines();
    }
}
