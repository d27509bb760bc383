namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary><c>targets check</c> through the real CLI against real <c>routeros</c> targets (emulators), one of them down.</summary>
public sealed class TargetCheckCliTests : IAsyncLifetime
{
    private ThreeRouters _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ThreeRouters.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task TargetsCheck_OneRouterDown_TableShowsEachAndExitCodeSaysNotAllHealthy()
    {
        _fleet.Routers["web1"].Password = "rotated-on-the-router";
        await _fleet.Routers["web1"].RebootAsync(); // drops the gateway's logged-in connection
        await _fleet.Routers["honeypot"].StopAsync();

        var all = await FleetCli.RunAsync(_fleet.Gateway, "targets", "check");
        Assert.True(all.ExitCode == 3, all.StandardError + all.StandardOutput);
        var rows = all.StandardOutput.Split('\n').ToDictionary(l => l.Split(' ')[0], l => l);
        Assert.Matches(@"^edge\s+routeros\s+yes\s+yes\s+yes\s+.*IPv4 list 'Blocked address' has 0 entries", rows["edge"]);
        Assert.Matches(@"^web1\s+routeros\s+yes\s+no\s+no\s+.*invalid user name or password", rows["web1"]);
        Assert.Matches(@"^honeypot\s+routeros\s+no\s+no\s+no\s+.*refused", rows["honeypot"]);

        var one = await FleetCli.RunAsync(_fleet.Gateway, "targets", "check", "edge");
        Assert.Equal(0, one.ExitCode);

        // Recorded as last contact: the target listing shows the error text of the failed check.
        var list = await FleetCli.RunAsync(_fleet.Gateway, "targets", "list");
        Assert.Contains("invalid user name or password", list.StandardOutput, StringComparison.Ordinal);
    }
}
