using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// The gateway never bans its own addresses or the hosts it depends on, whichever path asks: a fail2ban report,
/// a Graylog notification, syslog lines matching a rule, an operator ban, or a block that merely covers one.
/// Every refusal names what it protects. Through the HTTP API and the syslog port of a real gateway process.
/// </summary>
[Collection(SelfProtectionFixture.Collection)]
public sealed class SelfProtectionTests
{
    private readonly SelfProtectionFixture _fixture;

    public SelfProtectionTests(SelfProtectionFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task OperatorBan_TargetHost_RefusedNamingTheTarget()
    {
        var (status, detail) = await OperatorBanAsync(SelfProtectionFixture.RouterAddress);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"is target 'edge' host {SelfProtectionFixture.RouterAddress}", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorBan_BlockCoveringTarget_RefusedNamingWhatItCovers()
    {
        var (status, detail) = await OperatorBanAsync("1.0.3.0/24");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"1.0.3.0/24 covers target 'edge' host {SelfProtectionFixture.RouterAddress}", detail, StringComparison.Ordinal);

        // The /16 the policy allows at most: today's hole (accepted although it covers every protected host here).
        var (wide, wideDetail) = await OperatorBanAsync("1.0.0.0/16");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wide);
        Assert.Contains("1.0.0.0/16 covers", wideDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("1.0.0.0/16", await _fixture.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task OperatorBan_InterfaceAddressUnderWildcardListen_Refused()
    {
        var (status, detail) = await OperatorBanAsync(SelfProtectionFixture.InterfaceAddress);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"listen address 0.0.0.0 (interface address {SelfProtectionFixture.InterfaceAddress})", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail2banReport_TargetNamedByDns_IgnoredNamingTheResolvedHost()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ip"] = SelfProtectionFixture.CentralFirewallAddress,
            ["jail"] = "sshd",
            ["bantime"] = "3600",
        });
        using var response = await _fixture.Reporter.PostAsync("api/v1/reports", form);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ignored", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains(
            SelfProtectionFixture.Strings(json.RootElement),
            s => s.Contains($"target 'central' host {SelfProtectionFixture.CentralFirewallName} ({SelfProtectionFixture.CentralFirewallAddress})", StringComparison.Ordinal));
        Assert.DoesNotContain(SelfProtectionFixture.CentralFirewallAddress, await _fixture.Gateway.ActiveAddressesAsync());
        Assert.Contains($"{SelfProtectionFixture.CentralFirewallName} resolves to {SelfProtectionFixture.CentralFirewallAddress}", _fixture.Gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraylogNotification_TargetHost_IgnoredAsProtected()
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["event_id"] = "01JHARDENCORE0000000000001",
            ["event_summary_template"] = "SSH brute force",
            ["event_key"] = SelfProtectionFixture.RouterAddress,
        });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _fixture.Reporter.PostAsync("api/v1/graylog/custom", content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var strings = SelfProtectionFixture.Strings(json.RootElement).ToList();
        Assert.Contains("protected", strings);
        Assert.Contains(strings, s => s.Contains($"target 'edge' host {SelfProtectionFixture.RouterAddress}", StringComparison.Ordinal));
        Assert.DoesNotContain(SelfProtectionFixture.RouterAddress, await _fixture.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task SyslogRule_FailuresFromGatewayAddress_StoredAsProtectedNeverBanned()
    {
        string lines = string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"Failed password for invalid user u{i} from {SelfProtectionFixture.InterfaceAddress} port {40000 + i} ssh2\n"));
        var sent = await _fixture.Namespace.RunAsync(
            "logger",
            ["--server", "127.0.0.1", "--port", _fixture.SyslogPort.ToString(CultureInfo.InvariantCulture), "--udp", "--rfc3164", "-t", "sshd", "-p", "auth.info"],
            lines);
        sent.EnsureSuccess("logger");

        // The rule fired and the core refused: the report is kept with outcome "protected", no decision exists.
        await Eventually.WaitUntilAsync(
            async () => (await OutcomesAsync(SelfProtectionFixture.InterfaceAddress)).Contains("protected"),
            TimeSpan.FromSeconds(30),
            $"a syslog report about {SelfProtectionFixture.InterfaceAddress} refused as protected; gateway log:\n{_fixture.Gateway.Log}");
        Assert.DoesNotContain(SelfProtectionFixture.InterfaceAddress, await _fixture.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task OperatorBan_BlockCoveringRegisteredServer_RefusedNamingTheServer()
    {
        using var registered = await _fixture.Operator.PostAsJsonAsync("api/v1/servers", new { name = "mail1", address = "1.0.5.5" });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());

        var (status, detail) = await OperatorBanAsync("1.0.5.0/24");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("registered server mail1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorBan_UnprotectedAddress_StillBanned()
    {
        var (status, detail) = await OperatorBanAsync("1.0.6.6");
        Assert.True(status == HttpStatusCode.Created, detail);
    }

    private async Task<(HttpStatusCode Status, string Detail)> OperatorBanAsync(string address)
    {
        using var response = await _fixture.Operator.PostAsJsonAsync("api/v1/decisions", new { address, duration = "1h", reason = "test" });
        string text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.TryGetProperty("detail", out var d) ? d.GetString()! : text);
    }

    private async Task<IReadOnlyList<string>> OutcomesAsync(string address)
    {
        using var json = JsonDocument.Parse(await _fixture.Operator.GetStringAsync("api/v1/addresses/" + address));
        return json.RootElement.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToList();
    }
}
