using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;
using FirewallGateway.Core.Diagnostics;

namespace FirewallGateway.Cli;

/// <summary><c>why &lt;address&gt;</c>: every report, the decision, and the state on each target.</summary>
internal static class WhyCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "IPv4/IPv6 address or CIDR block" };
        var command = new Command("why", "Why is this address blocked (or not), and where") { address, CliOptions.Json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var view = await client.GetAsync(
                "api/v1/addresses/" + Uri.EscapeDataString(parse.GetValue(address)!), ApiJsonContext.Default.AddressView, cancellationToken);
            if (parse.GetValue(CliOptions.Json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(view, ApiJsonContext.Default.AddressView));
                return 0;
            }

            var output = Console.Out;
            output.WriteLine($"address:  {view.Address}");
            output.WriteLine(view.Decision is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"decision: {d.Id} {d.State}, {d.ReportCount} report(s), expires {TableWriter.Time(d.ExpiresAt)} ({PrintableText.Escape(d.Reason)})")
                : "decision: none");
            if (view.AllowedBy is not null)
            {
                output.WriteLine($"never banned: {PrintableText.Escape(view.AllowedBy)}");
            }

            output.WriteLine();
            TableWriter.Write(output, ["TARGET", "STATE", "ATTEMPTS", "UPDATED", "ERROR"], view.Targets.Select(t => (IReadOnlyList<string?>)
                [t.Target, t.State, t.Attempts.ToString(CultureInfo.InvariantCulture), TableWriter.Time(t.UpdatedAt), t.Error]));
            output.WriteLine();
            TableWriter.Write(output, ["TIME", "REPORTER", "SOURCE", "HOST", "RULE", "OUTCOME", "EVIDENCE"], view.Reports.Select(r => (IReadOnlyList<string?>)
                [TableWriter.Time(r.ObservedAt), r.Reporter, r.Source, r.Host, r.Rule, r.Outcome, r.Evidence is null ? null : FirstLine(r.Evidence)]));
            return 0;
        });
        return command;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        string line = end < 0 ? text : text[..end];
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
