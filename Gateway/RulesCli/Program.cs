using System.CommandLine;
using FirewallGateway.Core.Diagnostics;
using FirewallGateway.Receivers.Syslog.Testing;

// firewallgateway-rules: `rules test` compiled ahead of time. The installed `firewallgateway` CLI routes `rules …`
// here: a native binary starts in milliseconds and runs optimised code from the first line, where the managed
// gateway pays runtime start-up, JIT and re-JIT for a command that lasts a second (docs/benchmarks/syslog.md).
// Same arguments, same command definition, same output as `FirewallGateway rules …`.
Console.SetOut(new TerminalSafeWriter(Console.Out));
Console.SetError(new TerminalSafeWriter(Console.Error));
var root = new RootCommand("firewallgateway-rules: the gateway's syslog rule tester, compiled ahead of time (as `FirewallGateway rules`).")
{
    RulesTestCommand.Create(),
};
return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
