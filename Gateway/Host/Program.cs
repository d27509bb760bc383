using FirewallGateway.Cli;
using FirewallGateway.Hosting;

if (GatewayCli.IsCommand(args))
{
    return await GatewayCli.RunAsync(args, GatewayCliExtensions.Commands());
}

var app = GatewayApplication.Build(args.Length > 0 && args[0] == "serve" ? args[1..] : args);
await app.RunAsync();
return 0;

/// <summary>The entry point, public so WebApplicationFactory can host the gateway in tests.</summary>
public partial class Program;
