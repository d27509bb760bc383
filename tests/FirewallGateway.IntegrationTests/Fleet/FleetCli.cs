using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>Runs the real CLI (the gateway binary with a command) against a running gateway process.</summary>
public static class FleetCli
{
    public static Task<ProcessResult> RunAsync(GatewayProcess gateway, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var all = new List<string> { Path.Combine(AppContext.BaseDirectory, "FirewallGateway.dll") };
        all.AddRange(arguments);
        all.AddRange(["--url", gateway.BaseAddress.ToString(), "--credentials-file", Path.Combine(gateway.DataDirectory, "data", "admin.credentials")]);
        return ProcessRunner.RunAsync("dotnet", all, timeout: TimeSpan.FromSeconds(60));
    }
}
