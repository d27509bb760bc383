using System.CommandLine;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary><c>lock &lt;address&gt;</c> and <c>unlock &lt;address&gt;</c>: manual ban and its removal everywhere, by address.</summary>
internal static class LockCommands
{
    public static Command Lock()
    {
        var address = new Argument<string>("address") { Description = "IPv4/IPv6 address or CIDR block" };
        var duration = new Option<string?>("--duration") { Description = "How long: 90s, 15m, 4h, 7d (default: policy)" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown in listings)" };
        var targets = new Option<string[]>("--target") { Description = "Only on this target (repeat for several; default: every target)" };
        var command = new Command("lock", "Ban an address by hand on every target or the ones named (allow-listed addresses are refused, naming the entry)")
        {
            address, duration, reason, targets,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var decision = await client.PostAsync(
                "api/v1/decisions",
                new ManualBanRequest(parse.GetValue(address), parse.GetValue(duration), parse.GetValue(reason) ?? "manual lock", parse.GetValue(targets)),
                ApiJsonContext.Default.ManualBanRequest,
                ApiJsonContext.Default.DecisionView,
                cancellationToken);
            Console.Out.WriteLine($"locked {decision.Address} until {TableWriter.Time(decision.ExpiresAt)} (decision {decision.Id})");
            return 0;
        });
        return command;
    }

    public static Command Unlock()
    {
        var address = new Argument<string>("address") { Description = "The address or block to unlock" };
        var command = new Command("unlock", "End the address's decision and remove it from every target it was pushed to") { address };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var decision = await client.PostAsync(
                "api/v1/unlock", new UnlockRequest(parse.GetValue(address)), ApiJsonContext.Default.UnlockRequest, ApiJsonContext.Default.DecisionView, cancellationToken);
            Console.Out.WriteLine($"unlocked {decision.Address} (decision {decision.Id}); removals are queued for every target");
            return 0;
        });
        return command;
    }
}
