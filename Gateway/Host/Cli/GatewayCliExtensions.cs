using System.CommandLine;
using FirewallGateway.CrowdSec;
using FirewallGateway.Receivers.Syslog.Testing;

namespace FirewallGateway.Cli;

/// <summary>Commands contributed by other parts (syslog rule tester, store tools, CrowdSec bouncers and machines).</summary>
internal static class GatewayCliExtensions
{
    /// <summary>Each command by the name it is typed with (built only when asked for, see <see cref="GatewayCli"/>).</summary>
    public static IReadOnlyDictionary<string, Func<Command>> Commands { get; } = new Dictionary<string, Func<Command>>(StringComparer.Ordinal)
    {
        ["rules"] = RulesTestCommand.Create,
        ["store"] = StoreCopyCommand.Create,
        ["bouncers"] = CrowdSecCommands.Bouncers,
        ["machines"] = CrowdSecCommands.Machines,
    };
}
