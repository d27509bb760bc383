namespace FirewallGateway.IntegrationTests.CentralFirewall;

/// <summary>
/// The central firewall's fail2ban also reports to the gateway (reporter "fw1", listed in Policy:EchoReporters),
/// here in the worst case: the reporting action sits on the very jail the gateway pushes into, so every pushed
/// ban comes straight back. The echoes must be stored as such and never extend a decision, and renewals of a
/// pushed ban must not create new echoes at all.
/// </summary>
public sealed class EchoSuppressionTests : IAsyncLifetime
{
    private CentralFirewallSetup _setup = null!;

    public async Task InitializeAsync() =>
        _setup = await CentralFirewallSetup.StartAsync(
            firewallReportsBack: true,
            settings: new Dictionary<string, string>
            {
                ["Policy:EchoReporters:0"] = "fw1",
                // Every reconcile renews every pushed ban (jail bantime 1 h < 2 h), to prove renewals make no echoes.
                ["Dispatch:RenewWithin"] = "02:00:00",
            });

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task PushedBan_ComesBackFromTheFirewall_IsStoredAsEchoAndNeverExtendsTheDecision()
    {
        await _setup.ReportAsync("1.0.4.9");
        var before = (await _setup.DecisionAsync("1.0.4.9"))!.Value;

        // The pushed ban runs the firewall's reporting action, which reports it back as fw1.
        await _setup.WaitUntilAsync(
            async () => (await _setup.ReportsAsync("1.0.4.9")).Contains(("fw1", "echo")),
            TimeSpan.FromSeconds(30),
            "the firewall's echo of 1.0.4.9 to be stored");

        // Several reconcile rounds re-send banip (renewal); fail2ban prolongs without running actionban again.
        int renewalsBefore = _setup.WrapperLines("ACCEPTED banip");
        await _setup.WaitUntilAsync(
            () => Task.FromResult(_setup.WrapperLines("ACCEPTED banip") >= renewalsBefore + 3),
            TimeSpan.FromSeconds(30),
            "three renewals of the pushed ban");

        var after = (await _setup.DecisionAsync("1.0.4.9"))!.Value;
        Assert.Equal(before.GetProperty("id").GetInt64(), after.GetProperty("id").GetInt64());
        Assert.Equal(1, after.GetProperty("reportCount").GetInt32());
        Assert.Equal(before.GetProperty("expiresAt").GetDateTimeOffset(), after.GetProperty("expiresAt").GetDateTimeOffset());
        var reports = await _setup.ReportsAsync("1.0.4.9");
        Assert.Equal(1, reports.Count(r => r.Reporter == "fw1"));
        Assert.Contains("1.0.4.9", await _setup.BannedAsync());
    }

    [Fact]
    public async Task FirewallsOwnDetection_OfANewAddress_IsAReportLikeAnyOther_AndDoesNotLoop()
    {
        // The firewall's jail sees five sshd failures itself: a genuine report, not an echo.
        _setup.Firewall.AppendFailures("1.0.5.9", 5);

        await _setup.WaitUntilAsync(
            async () => await _setup.DecisionAsync("1.0.5.9") is not null,
            TimeSpan.FromSeconds(30),
            "a decision from the firewall's own detection");
        Assert.Contains(("fw1", "created"), await _setup.ReportsAsync("1.0.5.9"));

        // The gateway pushes it back to the firewall that already bans it: banip counts 0 and runs no action, so
        // nothing is reported again. (The decision took the firewall's own bantime, so no renewals follow.)
        var before = (await _setup.DecisionAsync("1.0.5.9"))!.Value;
        await _setup.WaitUntilAsync(
            () => Task.FromResult(_setup.WrapperLines("ACCEPTED banip") >= 1),
            TimeSpan.FromSeconds(30),
            "the gateway's push of 1.0.5.9 to reach the firewall");

        // An echo would be a curl from the firewall's action, back within a second; allow it several reconcile rounds.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = (await _setup.DecisionAsync("1.0.5.9"))!.Value;
        Assert.Equal(1, after.GetProperty("reportCount").GetInt32());
        Assert.Equal(before.GetProperty("expiresAt").GetDateTimeOffset(), after.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Single(await _setup.ReportsAsync("1.0.5.9"));
    }
}
