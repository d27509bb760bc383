using System.Globalization;

namespace FirewallGateway.IntegrationTests.CentralFirewall;

/// <summary>Reports reach the central firewall's jail over the restricted SSH account, through outages and a firewall that forgot.</summary>
public sealed class CentralFirewallEndToEndTests : IAsyncLifetime
{
    private CentralFirewallSetup _setup = null!;

    public async Task InitializeAsync() => _setup = await CentralFirewallSetup.StartAsync();

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task Report_ToTheGateway_AppearsInTheFirewallsJail()
    {
        await _setup.ReportAsync("1.0.1.9");
        await _setup.ReportAsync("2a00:1450::9");

        await WaitForBannedAsync(["1.0.1.9", "2a00:1450::9"], TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task FiveHundredBans_WhileSshdIsDown_AllArriveAfterRestart_InBatches()
    {
        await _setup.ReportAsync("1.0.2.1");
        await WaitForBannedAsync(["1.0.2.1"], TimeSpan.FromSeconds(30));
        await _setup.Ssh.StopAsync();
        int loginsBefore = _setup.Ssh.AcceptedLogins();
        int commandsBefore = _setup.WrapperLines("ACCEPTED banip");

        var addresses = Enumerable.Range(0, 500).Select(i => string.Create(CultureInfo.InvariantCulture, $"1.0.{(i / 250) + 30}.{(i % 250) + 1}")).ToList();
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (address, _) => await _setup.ReportAsync(address));
        Assert.Equal(500, (await _setup.Gateway.ActiveAddressesAsync()).Count(a => a.StartsWith("1.0.3", StringComparison.Ordinal)));
        Assert.DoesNotContain("1.0.30.1", await _setup.BannedAsync());

        await _setup.Ssh.StartAsync();

        await WaitForBannedAsync(addresses, TimeSpan.FromSeconds(60));
        int commands = _setup.WrapperLines("ACCEPTED banip") - commandsBefore;
        int logins = _setup.Ssh.AcceptedLogins() - loginsBefore;
        Assert.True(commands <= 20, $"500 bans took {commands} banip commands; batches expected.\n{_setup.Diagnostics()}");
        Assert.True(logins <= 3, $"500 bans took {logins} SSH logins; one reused connection expected");
    }

    [Fact]
    public async Task FirewallRestartedWithoutItsDatabase_ReconcileRestoresTheBans()
    {
        string[] addresses = ["1.0.3.7", "1.0.3.8", "2a00:1450::38"];
        foreach (string address in addresses)
        {
            await _setup.ReportAsync(address);
        }

        await WaitForBannedAsync(addresses, TimeSpan.FromSeconds(30));

        await _setup.RestartFirewallWithoutDatabaseAsync();
        Assert.Empty(await _setup.BannedAsync());

        await WaitForBannedAsync(addresses, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task DocumentationRange_RefusedByPolicy_NeverReachesTheFirewall()
    {
        // banip bypasses the firewall's ignoreip: the gateway's policy is the only guard, before anything is sent.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = "192.0.2.9", ["jail"] = "sshd" });
        using var refused = await _setup.Reporter.PostAsync("api/v1/reports", form);
        await _setup.ReportAsync("1.0.3.9");

        await WaitForBannedAsync(["1.0.3.9"], TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("192.0.2.9", await _setup.BannedAsync());
        Assert.False(File.ReadAllText(_setup.WrapperLog).Contains("192.0.2.9", StringComparison.Ordinal));
    }

    private Task WaitForBannedAsync(IReadOnlyCollection<string> addresses, TimeSpan timeout) =>
        _setup.WaitUntilAsync(
            async () => (await _setup.BannedAsync()).IsSupersetOf(addresses),
            timeout,
            $"{addresses.Count} addresses in the firewall's jail");
}
