using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FirewallGateway.Core.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>
/// <c>rules test &lt;file&gt; [--json] [--config file] [--fail2ban-filter file] [--mode m] [--out ip|msg|ip-msg]</c>:
/// runs the syslog detection rules from configuration (or only the fail2ban filters named) over a log file,
/// offline (no gateway needed), and prints per rule the lines matched and the addresses that would be banned.
/// The gateway's answer to fail2ban-regex; <c>--out</c> prints one line per failure as <c>fail2ban-regex -o</c>
/// does, so the two can be compared line by line. One definition for both binaries that run it: the managed
/// <c>FirewallGateway rules test</c> and the native <c>firewallgateway-rules</c> the installed CLI routes
/// <c>rules</c> to (start-up is most of a short command's time), so their output cannot drift apart.
/// </summary>
public static class RulesTestCommand
{
    /// <summary>Large reads: the file is read once, front to back, and the OS read-ahead does the rest.</summary>
    private const int ReadBufferSize = 1 << 20;

    private const int WriteBufferSize = 1 << 16;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Log file: one message per line, with or without a syslog header" };
        var json = new Option<bool>("--json") { Description = "Print JSON for machines" };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file with a Receivers:Syslog section (default: appsettings.json beside the binary and in the current folder, then environment)" };
        var filters = new Option<string[]>("--fail2ban-filter") { Description = "Run only this fail2ban filter file (or folder of them), as fail2ban-regex does; repeatable", AllowMultipleArgumentsPerToken = false };
        var mode = new Option<string?>("--mode") { Description = "The fail2ban filters' mode (normal, ddos, extra, aggressive)" };
        var output = new Option<string?>("--out") { Description = "Print each failure instead of the summary: ip, msg (its lines) or ip-msg ('<ip> <line>', as fail2ban-regex -o '<ip> <msg>')" };
        output.AcceptOnlyFromAmong("ip", "msg", "ip-msg");
        var test = new Command("test", "Run the detection rules over a log file and show what would be banned") { file, json, config, filters, mode, output };
        test.SetAction(parse => Run(
            parse.GetValue(file)!, parse.GetValue(config), parse.GetValue(json), parse.GetValue(filters) ?? [], parse.GetValue(mode), parse.GetValue(output)));
        return new Command("rules", "Syslog detection rules") { test };
    }

    private static int Run(FileInfo file, FileInfo? config, bool json, string[] filters, string? mode, string? output)
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
            return Fail($"no such file: {file.FullName}");
        }

        // Its own buffered stream for speed, still behind TerminalSafeWriter: --out msg prints attacker-written log text.
        TextWriter writer = new TerminalSafeWriter(new StreamWriter(Console.OpenStandardOutput(), bufferSize: WriteBufferSize) { AutoFlush = false });
        RulesTestReport report;
        try
        {
            var options = RulesFileTester.LoadOptions(builder.Build());
            if (filters.Length > 0)
            {
                OnlyFilters(options, filters, mode);
            }

            report = RulesFileTester.Run(options, ReadLines(file.FullName), TimeProvider.System.GetUtcNow(), Printer(writer, output));
        }
        catch (InvalidOperationException ex)
        {
            return Fail(ex.Message);
        }

        foreach (string note in report.Notes)
        {
            Console.Error.WriteLine(note);
        }

        if (report.Timeouts > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pattern runs that timed out (lines skipped): {report.Timeouts}"));
        }

        if (output is null)
        {
            WriteReport(writer, report, json);
        }

        writer.Flush();
        return 0;
    }

    private static void WriteReport(TextWriter writer, RulesTestReport report, bool json)
    {
        if (json)
        {
            writer.WriteLine(JsonSerializer.Serialize(report, RulesTestJsonContext.Default.RulesTestReport));
            return;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lines: {report.Lines}, unparsed: {report.Unparsed}"));
        foreach (var rule in report.Rules)
        {
            writer.WriteLine();
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rule {rule.Rule}{(rule.BuiltIn ? " (built-in)" : string.Empty)}: {rule.Matched} line(s) matched; bans after {rule.MaxRetry} within {rule.FindTime}"));
            foreach (var ban in rule.Bans)
            {
                writer.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"  would ban {ban.Address}: {ban.Failures} failure line(s), {ban.Bans} ban(s), first at line {ban.FirstBanLine}"));
            }
        }
    }

    /// <summary>As the gateway's CLI reports an operator's mistake: one line on standard error, exit code 1.</summary>
    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 1;
    }

    /// <summary>The file's lines as <see cref="File.ReadLines(string)"/> reads them (UTF-8, BOM honoured), in large reads.</summary>
    private static IEnumerable<string> ReadLines(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = ReadBufferSize });
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>Like fail2ban-regex with one filter: the built-in and operator rules are switched off.</summary>
    private static void OnlyFilters(SyslogReceiverOptions options, string[] filters, string? mode)
    {
        foreach (var rule in options.Rules.Values)
        {
            rule.Enabled = false;
        }

        foreach (var builtIn in Rules.BuiltInRules.All)
        {
            options.Rules[builtIn.Name] = new SyslogRuleOptions { Enabled = false };
        }

        options.Fail2banFilters = [.. filters];
        foreach (string filter in filters.Where(f => mode is not null && File.Exists(f)))
        {
            string name = "f2b-" + Path.GetFileNameWithoutExtension(filter);
            var tuning = options.Rules.GetValueOrDefault(name) ?? new SyslogRuleOptions();
            tuning.Enabled = true;
            tuning.Mode = mode ?? tuning.Mode;
            options.Rules[name] = tuning;
        }

        foreach (var name in options.Rules.Where(r => r.Key.StartsWith("f2b-", StringComparison.OrdinalIgnoreCase) && !r.Value.Enabled).Select(r => r.Key).ToList())
        {
            options.Rules.Remove(name);
        }
    }

    private static Action<string, IReadOnlyList<string>>? Printer(TextWriter writer, string? output) => output switch
    {
        "ip" => (address, _) => writer.WriteLine(address),
        "msg" => (_, lines) => Array.ForEach([.. lines], writer.WriteLine),
        "ip-msg" => (address, lines) => Array.ForEach([.. lines], l => writer.WriteLine(address + " " + l)),
        _ => null,
    };
}
