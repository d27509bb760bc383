using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FirewallGateway.Receivers.Syslog.Testing;

namespace FirewallGateway.Cli;

/// <summary>
/// <c>rules test &lt;file&gt; [--json] [--config file]</c>: runs the syslog detection rules from configuration over a
/// log file, offline (no gateway needed), and prints per rule the lines matched and the addresses that would be
/// banned. The gateway's answer to fail2ban-regex.
/// </summary>
internal static class RulesTestCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Log file: one message per line, with or without a syslog header" };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file with a Receivers:Syslog section (default: appsettings.json beside the binary and in the current folder, then environment)" };
        var test = new Command("test", "Run the detection rules over a log file and show what would be banned") { file, CliOptions.Json, config };
        test.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(file)!, parse.GetValue(config), parse.GetValue(CliOptions.Json))));
        return new Command("rules", "Syslog detection rules") { test };
    }

    private static int Run(FileInfo file, FileInfo? config, bool json)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (config is not null)
        {
            builder.AddJsonFile(config.FullName, optional: false);
        }

        if (!file.Exists)
        {
            throw new CliException($"no such file: {file.FullName}");
        }

        RulesTestReport report;
        try
        {
            var options = RulesFileTester.LoadOptions(builder.Build());
            report = RulesFileTester.Run(options, File.ReadLines(file.FullName), TimeProvider.System.GetUtcNow());
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, RulesTestJsonContext.Default.RulesTestReport));
            return 0;
        }

        var output = Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines: {report.Lines}, unparsed: {report.Unparsed}"));
        foreach (var rule in report.Rules)
        {
            output.WriteLine();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rule {rule.Rule}{(rule.BuiltIn ? " (built-in)" : string.Empty)}: {rule.Matched} line(s) matched; bans after {rule.MaxRetry} within {rule.FindTime}"));
            foreach (var ban in rule.Bans)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"  would ban {ban.Address}: {ban.Failures} failure line(s), {ban.Bans} ban(s), first at line {ban.FirstBanLine}"));
            }
        }

        return 0;
    }
}
