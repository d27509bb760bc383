using System.Globalization;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// Debian's crowdsec-custom-bouncer pulling from the real gateway process: its script runs with "add" for a
/// gateway decision and "del" after the unban; with <c>origins: [cscli]</c> it never sees a fail2ban decision.
/// The gateway prunes its change log every second with a 3-second retention, so the bouncer (pulling every
/// second) is served while rows are being pruned, and a bouncer frozen for longer than the retention is re-synced.
/// </summary>
public sealed class CustomBouncerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("issue-18-cub-").FullName;
    private GatewayProcess _gateway = null!;

    private string Calls => Path.Combine(_folder, "calls.log");

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
    {
        ["Storage:ChangeLogRetention"] = "00:00:03",
        ["Storage:ChangeLogPruneInterval"] = "00:00:01",
    });

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Script_RunsForAddAndDelete_OnlyForTheOriginsItAsksFor()
    {
        using var op = _gateway.OperatorClient();
        string key = await CrowdSecGateway.AddBouncerAsync(op, "custom");
        long id = await CrowdSecGateway.BanAsync(op, "1.0.1.31");
        using (var web = _gateway.Client("web1", await _gateway.CreateReporterAsync("web1")))
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = "1.0.1.32", ["jail"] = "sshd" }))
        using (var reported = await web.PostAsync(new Uri("api/v1/reports", UriKind.Relative), form))
        {
            reported.EnsureSuccessStatusCode();
        }

        await using var bouncer = RunningProgram.Start("/usr/bin/crowdsec-custom-bouncer", "-c", WriteConfig(key));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(CallsText().Contains("add 1.0.1.31 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            $"the script to run with 'add 1.0.1.31'; calls:\n{CallsText()}\nbouncer log:\n{bouncer.Log}");

        await CrowdSecGateway.RemoveAsync(op, id);
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(CallsText().Contains("del 1.0.1.31 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            $"the script to run with 'del 1.0.1.31'; calls:\n{CallsText()}\nbouncer log:\n{bouncer.Log}");
        Assert.DoesNotContain("1.0.1.32", CallsText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_BouncerFrozenLongerThanTheRetention_ResyncRunsDelForTheLiftedAndAddForTheNew()
    {
        using var op = _gateway.OperatorClient();
        string key = await CrowdSecGateway.AddBouncerAsync(op, "frozen");
        long lifted = await CrowdSecGateway.BanAsync(op, "1.0.1.41");
        await using var bouncer = RunningProgram.Start("/usr/bin/crowdsec-custom-bouncer", "-c", WriteConfig(key));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(CallsText().Contains("add 1.0.1.41 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            $"the script to run with 'add 1.0.1.41'; calls:\n{CallsText()}\nbouncer log:\n{bouncer.Log}");

        await bouncer.PauseAsync();
        await CrowdSecGateway.RemoveAsync(op, lifted);
        await CrowdSecGateway.BanAsync(op, "1.0.1.42");

        // Two changes wait while the rows after the bouncer's cursor are kept; once they are pruned, what waits is
        // a re-sync: every active decision, here the one ban.
        await Eventually.WaitUntilAsync(
            async () => (await CrowdSecGateway.TargetAsync(op, "frozen"))?.GetProperty("pending").GetInt32() == 1,
            TimeSpan.FromSeconds(60),
            $"the rows after the frozen bouncer's cursor to be pruned; gateway log:\n{_gateway.Log}");
        Assert.DoesNotContain("1.0.1.42", CallsText(), StringComparison.Ordinal);

        await bouncer.ResumeAsync();
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(CallsText().Contains("del 1.0.1.41 ", StringComparison.Ordinal) && CallsText().Contains("add 1.0.1.42 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            $"the re-sync to run 'del 1.0.1.41' and 'add 1.0.1.42'; calls:\n{CallsText()}\nbouncer log:\n{bouncer.Log}");
    }

    private string CallsText() => File.Exists(Calls) ? File.ReadAllText(Calls) : string.Empty;

    private string WriteConfig(string key)
    {
        string script = Path.Combine(_folder, "record.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$1 $2 $3 $4\" >> '{Calls}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string path = Path.Combine(_folder, "custom-bouncer.yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            bin_path: {script}
            feed_via_stdin: false
            total_retries: 0
            scenarios_containing: []
            scenarios_not_containing: []
            origins:
              - cscli
            piddir: {_folder}/
            update_frequency: 1s
            cache_retention_duration: 10s
            daemonize: false
            log_mode: stdout
            log_level: info
            api_url: {_gateway.BaseAddress}
            api_key: {key}
            prometheus:
              enabled: false
              listen_addr: 127.0.0.1
              listen_port: 60602
            """));
        return path;
    }
}
