using System.Globalization;
using System.Text.RegularExpressions;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// A bad trap rule stops the real gateway at start naming the key; across a restart the receiver keeps its
/// engine ID and raises its boot counter, and net-snmp's informs still get their answer.
/// </summary>
public sealed partial class SnmpTrapStartupTests
{
    [Fact]
    public async Task Start_BadTrapOid_StopsWithTheRuleKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:SnmpTrap:Enabled"] = "true",
            ["Receivers:SnmpTrap:Listen"] = "127.0.0.1:0",
            ["Receivers:SnmpTrap:Communities:0"] = "fw-traps",
            ["Receivers:SnmpTrap:Rules:ips:TrapOid"] = "enterprises.99999.0.1",
            ["Receivers:SnmpTrap:Rules:ips:AddressOid"] = "1.3.6.1.4.1.99999.1.1",
        }));

        Assert.Contains("exited with 2 during start", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FirewallGateway: configuration error: Receivers:SnmpTrap:Rules:ips:TrapOid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsTheEngineId_RaisesBoots_AndInformsStillGetAnswered()
    {
        int port = Loopback.FreeUdpPort();
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:SnmpTrap:Enabled"] = "true",
            ["Receivers:SnmpTrap:Listen"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
            ["Receivers:SnmpTrap:Users:0:Name"] = SnmpTrapGateway.InformUser.Name,
            ["Receivers:SnmpTrap:Users:0:AuthPassword"] = SnmpTrapGateway.InformUser.AuthPassword,
            ["Receivers:SnmpTrap:Users:0:PrivPassword"] = SnmpTrapGateway.InformUser.PrivPassword,
            ["Receivers:SnmpTrap:Rules:ips-block:TrapOid"] = SnmpTrapGateway.BlockInform,
            ["Receivers:SnmpTrap:Rules:ips-block:AddressOid"] = "1.3.6.1.4.1.99999.2.*",
        });
        using var tools = new NetSnmpTools(port);
        var (engine, boots) = await EngineAsync(gateway, 1);
        Assert.Equal(1, boots);

        await gateway.StopAsync();
        await gateway.StartAsync();
        var (engineAfter, bootsAfter) = await EngineAsync(gateway, 2);

        Assert.Equal(engine, engineAfter);
        Assert.Equal(2, bootsAfter);
        (await tools.InformV3Async(SnmpTrapGateway.InformUser, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.45.1")).EnsureSuccess("snmpinform -v 3 after a restart");
        await Eventually.WaitUntilAsync(
            async () => (await gateway.ActiveAddressesAsync()).Contains("1.0.45.1"), TimeSpan.FromSeconds(30), $"a decision for 1.0.45.1:\n{gateway.Log}");
    }

    /// <summary>The engine ID and boots of the <paramref name="start"/>-th "listening" line of the log.</summary>
    private static async Task<(string EngineId, int Boots)> EngineAsync(GatewayProcess gateway, int start)
    {
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(ListeningLine().Count(gateway.Log) >= start), TimeSpan.FromSeconds(30), $"SNMP trap listener start #{start}");
        var match = ListeningLine().Matches(gateway.Log)[start - 1];
        return (match.Groups["engine"].Value, int.Parse(match.Groups["boots"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("SNMP trap receiver listening on udp .*; engine (?<engine>[0-9A-F]+), boots (?<boots>[0-9]+)")]
    private static partial Regex ListeningLine();
}
