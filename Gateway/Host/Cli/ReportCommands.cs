using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Api;
using FirewallGateway.Reports;

namespace FirewallGateway.Cli;

/// <summary><c>report summary</c> (top attackers, most-attacked servers) and <c>report email</c> (send it now).</summary>
internal static class ReportCommands
{
    public static Command Create()
    {
        var command = new Command("report", "Top attacking addresses and most-attacked servers for a period");
        var since = new Option<string?>("--since") { Description = "Period ending now: 90m, 24h, 7d, 2w (default 24h)" };
        var top = new Option<int?>("--top") { Description = "Rows per list (default 10)" };
        var summary = new Command("summary", "Print the report for the period") { since, top, CliOptions.Json };
        summary.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var view = await client.GetAsync(
                "api/v1/reports/summary" + Query(parse.GetValue(since), parse.GetValue(top)), ApiJsonContext.Default.ReportSummaryView, cancellationToken);
            Console.Out.Write(parse.GetValue(CliOptions.Json)
                ? JsonSerializer.Serialize(view, ApiJsonContext.Default.ReportSummaryView) + Environment.NewLine
                : ReportComposer.Render(view));
            return 0;
        });
        var email = new Command("email", "Send the report for the period by e-mail now (Reports:* settings)") { since };
        email.SetAction(async (parse, cancellationToken) =>
        {
            using var client = CliOptions.Connection(parse).CreateClient();
            var sent = await client.PostEmptyAsync("api/v1/reports/email" + Query(parse.GetValue(since), null), ApiJsonContext.Default.EmailSentView, cancellationToken);
            Console.Out.WriteLine($"sent \"{sent.Subject}\" to {string.Join(", ", sent.To)}");
            return 0;
        });
        command.Subcommands.Add(summary);
        command.Subcommands.Add(email);
        return command;
    }

    private static string Query(string? since, int? top)
    {
        var parts = new List<string>();
        if (since is not null)
        {
            parts.Add("since=" + Uri.EscapeDataString(since));
        }

        if (top is { } t)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"top={t}"));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
