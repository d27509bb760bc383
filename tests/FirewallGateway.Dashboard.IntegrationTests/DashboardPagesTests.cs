using System.Net;
using System.Text.Json;
using FirewallGateway.TestSupport;
using OpenQA.Selenium;

namespace FirewallGateway.Dashboard.IntegrationTests;

/// <summary>
/// The operator's day of docs/OPERATIONS.md in a real browser against the real gateway: every page shows the
/// gateway's data, and locks/unlocks made by clicking reach an nftables set in a namespace.
/// </summary>
public sealed class DashboardPagesTests : IClassFixture<DashboardFixture>
{
    private readonly DashboardFixture _fixture;

    public DashboardPagesTests(DashboardFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task LogIn_EveryPage_RendersTheGatewaysData()
    {
        await _fixture.ReportAsync("pages1", "sshd", ["1.0.40.1", "1.0.40.2", "1.0.40.3"]);
        using (var response = await _fixture.OperatorPostAsync("api/v1/servers", new { name = "web40", address = "1.0.5.40", maxAddresses = 5000, banDuration = "1d" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var browser = await _fixture.LoggedInAsync();
        Assert.Equal("admin", browser.TextOf("#user-name"));

        await browser.ShowAsync("#/overview", "#card-active");
        await browser.WaitForTextAsync("#overview-decisions", "1.0.40.3");
        await browser.WaitForTextAsync("#overview-targets", DashboardFixture.Target);
        await browser.WaitForAsync("#view svg.chart rect.bar");
        Assert.Contains("reports in the last hour", browser.TextOf(".cards"), StringComparison.Ordinal);
        browser.Screenshot("overview");

        await browser.ShowAsync("#/decisions", "#decisions-table");
        await browser.WaitForTextAsync("#decisions-table", "1.0.40.2");
        browser.Screenshot("decisions");

        await browser.ShowAsync("#/why/1.0.40.1", "#why-reports");
        await browser.WaitForTextAsync("#why-reports", "pages1.example.net");
        await browser.WaitForTextAsync("#why-targets", DashboardFixture.Target);
        browser.Screenshot("why");

        await browser.ShowAsync("#/servers", "#servers-table");
        await browser.WaitForTextAsync("#servers-table", "web40");
        Assert.Contains("5000", browser.TextOf("#servers-table"), StringComparison.Ordinal);
        browser.Screenshot("servers");

        await browser.ShowAsync("#/allowlist", "#allowlist-table");
        await browser.WaitForTextAsync("#allowlist-table", "registered server web40");
        browser.Screenshot("allowlist");

        await browser.ShowAsync("#/targets", "#targets-table");
        await browser.WaitForTextAsync("#targets-table", "nftables");
        browser.Screenshot("targets");

        await browser.ShowAsync("#/reports/24h", "#top-addresses");
        await browser.WaitForTextAsync("#top-addresses", "1.0.40.1");
        await browser.WaitForTextAsync("#top-servers", "pages1.example.net");
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#view svg.chart rect.bar")));
        browser.Screenshot("reports");

        await browser.ShowAsync("#/live", "#feed-table");
        await browser.WaitForTextAsync("#feed-status", "connected");
        await _fixture.ReportAsync("pages2", "nginx-botsearch", ["1.0.40.9"]);
        await browser.WaitForTextAsync("#feed-rows", "1.0.40.9");
        Assert.Contains("nginx-botsearch", browser.TextOf("#feed-rows"), StringComparison.Ordinal);
        browser.Screenshot("live");

        await browser.ShowAsync("#/logins", "#logins-table");
        await browser.WaitForTextAsync("#logins-table", "pages1");
        browser.Screenshot("logins");
    }

    [Fact]
    public async Task LockThenUnlock_ByClicking_AddressEntersAndLeavesTheNftSet()
    {
        const string address = "1.0.77.7";
        var browser = await _fixture.LoggedInAsync();

        await browser.ShowAsync("#/decisions", "#lock-form");
        browser.Fill("#lock-form input[name=address]", address);
        browser.Fill("#lock-form input[name=duration]", "7d");
        browser.Fill("#lock-form input[name=reason]", "credential stuffing seen in the shop log");
        browser.Click($"#lock-form input[name=target][value='{DashboardFixture.Target}']");
        browser.Click("#lock-form button[type=submit]");
        await browser.WaitForTextAsync("#notice", "Locked " + address);
        await Eventually.WaitUntilAsync(() => _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"{address} in the nft set; log:\n{_fixture.Gateway.Log}");

        await browser.ShowAsync($"#/why/{address}", "#why-targets");
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await browser.ShowAsync($"#/why/{address}", "#why-targets");
                return browser.TextOf("#why-targets").Contains("applied", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            "the why view to show the address applied on the target");
        browser.Screenshot("why-locked");

        browser.Click("#why-unlock");
        await browser.WaitForTextAsync("#notice", "Unlocked " + address);
        await Eventually.WaitUntilAsync(async () => !await _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"{address} gone from the nft set");
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await browser.ShowAsync($"#/why/{address}", "#why-targets");
                return browser.TextOf("#why-targets").Contains("removed", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            "the why view to show the address removed on the target");
    }

    [Fact]
    public async Task UnlockForm_OnDecisionsPage_RemovesAReportedAddressFromTheNftSet()
    {
        const string address = "1.0.78.8";
        await _fixture.ReportAsync("unlock1", "sshd", [address]);
        await Eventually.WaitUntilAsync(() => _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"{address} in the nft set");
        var browser = await _fixture.LoggedInAsync();

        await browser.ShowAsync("#/decisions", "#unlock-form");
        browser.Fill("#unlock-form input[name=address]", address);
        browser.Click("#unlock-form button[type=submit]");

        await browser.WaitForTextAsync("#notice", "Unlocked " + address);
        await Eventually.WaitUntilAsync(async () => !await _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"{address} gone from the nft set");
    }

    [Fact]
    public async Task TargetsPage_SetFlushedByHand_ShowsTheDriftReconcileFound()
    {
        const string address = "1.0.79.9";
        await _fixture.ReportAsync("drift1", "sshd", [address]);
        await Eventually.WaitUntilAsync(() => _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"{address} in the nft set");

        await _fixture.Namespace.NftAsync("flush", "set", "inet", DashboardFixture.Table, "banned4");
        await Eventually.WaitUntilAsync(() => _fixture.InNftSetAsync(address), TimeSpan.FromSeconds(30), $"reconcile to put {address} back");

        var browser = await _fixture.LoggedInAsync();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await browser.ShowAsync("#/targets", "#targets-table");
                string row = browser.TextOf("#targets-table tbody tr");
                return !row.Contains(" 0 / 0 / 0", StringComparison.Ordinal) && row.Contains(" / ", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            $"missing drift on the targets page (now: {browser.TextOf("#targets-table tbody tr")})");
    }

    [Fact]
    public async Task ServersAllowListTargetsReports_OperatorDay_DoneInTheBrowser()
    {
        var browser = await _fixture.LoggedInAsync();

        // 08:00 — add a server; its reporter password is shown once.
        await browser.ShowAsync("#/servers", "#server-form");
        browser.Fill("#server-form input[name=name]", "web3");
        browser.Fill("#server-form input[name=address]", "1.0.5.3");
        browser.Fill("#server-form input[name=maxAddresses]", "5000");
        browser.Fill("#server-form input[name=banDuration]", "1d");
        browser.Click("#server-form button[type=submit]");
        var secret = await browser.WaitForAsync("#server-password");
        Assert.StartsWith("web3:", secret.Text, StringComparison.Ordinal);
        await browser.WaitForTextAsync("#servers-table", "web3");

        // Report-only (deactivate) and back; the cap is changed through the change form.
        browser.Click("#servers-table button[data-toggle='web3']");
        await browser.WaitForTextAsync("#servers-table", "report-only");
        browser.Script("document.querySelector('#server-change select[name=name]').value = 'web3';");
        browser.Fill("#server-change input[name=maxAddresses]", "2000");
        browser.Click("#server-change button[type=submit]");
        await browser.WaitForTextAsync("#servers-table", "2000");

        // A lock on the server's own address is refused with the allow-list entry named.
        await browser.ShowAsync("#/decisions", "#lock-form");
        browser.Fill("#lock-form input[name=address]", "1.0.5.3");
        browser.Click("#lock-form button[type=submit]");
        await browser.WaitForTextAsync("#notice", "registered server web3");

        // Allow-list: add with a comment, deactivate, refuse removing the server's entry, remove the own one.
        await browser.ShowAsync("#/allowlist", "#allow-form");
        browser.Fill("#allow-form input[name=address]", "1.0.99.0/24");
        browser.Fill("#allow-form input[name=comment]", "office");
        browser.Click("#allow-form button[type=submit]");
        await browser.WaitForTextAsync("#allowlist-table", "office");
        browser.Click("#allowlist-table button[data-toggle='1.0.99.0/24']");
        await browser.WaitForTextAsync("#notice", "now inactive");
        await browser.WaitForTextAsync("#allowlist-table", "inactive");
        browser.Click("#allowlist-table button[data-remove='1.0.5.3']");
        await browser.WaitForTextAsync("#notice", "remove the server instead");
        browser.Click("#allowlist-table button[data-remove='1.0.99.0/24']");
        await browser.WaitForTextAsync("#notice", "removed");

        // 08:10 — check the target.
        await browser.ShowAsync("#/targets", "#targets-table");
        browser.Click($"#targets-table button[data-check='{DashboardFixture.Target}']");
        await browser.WaitForTextAsync("#check-results", $"{DashboardFixture.Target}: healthy");

        // 17:00 — the report, sent now by e-mail.
        await browser.ShowAsync("#/reports/7d", "#send-email");
        browser.Click("#send-email");
        await browser.WaitForTextAsync("#notice", "soc@example.net");
        await _fixture.Smtp.WaitForMessageAsync("soc@example.net");

        // A login for another reporting host: its password is shown once and works at once; removed, it stops.
        await browser.ShowAsync("#/logins", "#login-add-form");
        browser.Fill("#login-add-form input[name=name]", "web9");
        browser.Click("#login-add-form button[type=submit]");
        string login = (await browser.WaitForAsync("#login-password-once")).Text;
        Assert.StartsWith("web9:", login, StringComparison.Ordinal);
        using (var reporter = _fixture.Gateway.Client("web9", login["web9:".Length..]))
        using (var report = await reporter.PostAsync("api/v1/reports", new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = "1.0.91.1", ["jail"] = "sshd" })))
        {
            Assert.True(report.IsSuccessStatusCode, $"{(int)report.StatusCode}");
        }

        browser.Click("#logins-table button[data-remove='web9']");
        browser.Driver.SwitchTo().Alert().Accept();
        await browser.WaitForAsync("#logins-table", e => !e.Text.Contains("web9", StringComparison.Ordinal), "web9 gone from the logins table");

        // And the server goes.
        await browser.ShowAsync("#/servers", "#servers-table");
        browser.Click("#servers-table button[data-remove='web3']");
        browser.Driver.SwitchTo().Alert().Accept();
        await browser.WaitForAsync("#servers-table", e => !e.Text.Contains("web3", StringComparison.Ordinal), "web3 gone from the servers table");
        using var client = _fixture.Gateway.OperatorClient();
        using var servers = JsonDocument.Parse(await client.GetStringAsync("api/v1/servers"));
        Assert.DoesNotContain(servers.RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == "web3");
    }
}
