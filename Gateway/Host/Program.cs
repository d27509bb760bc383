using FirewallGateway.Cli;
using FirewallGateway.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

if (GatewayCli.IsCommand(args, GatewayCliExtensions.Commands))
{
    return await GatewayCli.RunAsync(args, GatewayCliExtensions.Commands);
}

try
{
    var app = GatewayApplication.Build(args.Length > 0 && args[0] == "serve" ? args[1..] : args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A bad setting is the operator's to fix, not a crash: one line per failure, each naming its key.
    foreach (string failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"FirewallGateway: configuration error: {failure}");
    }

    return 2;
}
catch (GatewayConfigFileException ex)
{
    await Console.Error.WriteLineAsync($"FirewallGateway: configuration error: {ex.Message}");
    return 2;
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // Another process (often a second gateway) holds the port: say so in one line instead of a crash dump.
    await Console.Error.WriteLineAsync($"FirewallGateway: cannot listen: {ex.Message} Stop the other process or set --urls.");
    return 2;
}

/// <summary>The entry point, public so WebApplicationFactory can host the gateway in tests.</summary>
public partial class Program;
