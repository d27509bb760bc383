using System.Globalization;
using System.Text.RegularExpressions;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// One real gateway process with the SNMP trap receiver on a free loopback UDP port, shared by the trap tests
/// (one start instead of one per test keeps CI short): a v2c community, a v3 trap user pinned to a sender
/// engine ID, a v3 inform user, and two rules for an imaginary IPS (enterprise 99999).
/// </summary>
public sealed class SnmpTrapGateway : IAsyncLifetime
{
    public const string Community = "fw-traps";
    public const string SenderEngineId = "0x8000000001020304";

    /// <summary>Three within ten minutes ban (the address is in varbind .1.1).</summary>
    public const string AttackTrap = "1.3.6.1.4.1.99999.0.1";
    public const string AttackAddress = "1.3.6.1.4.1.99999.1.1";

    /// <summary>One bans (the address is in any varbind under .2, e.g. a table column with an index).</summary>
    public const string BlockInform = "1.3.6.1.4.1.99999.0.2";
    public const string BlockAddress = "1.3.6.1.4.1.99999.2.1.7";

    public static readonly V3User TrapUser = new("ips-trap", "trap-auth-pass", "trap-priv-pass");
    public static readonly V3User InformUser = new("ips-inform", "inform-auth-pass", "inform-priv-pass");

    public GatewayProcess Gateway { get; private set; } = null!;

    public int Port { get; private set; }

    internal NetSnmpTools Tools { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Port = Loopback.FreeUdpPort();
        Gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Receivers:SnmpTrap:Enabled"] = "true",
            ["Receivers:SnmpTrap:Listen"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}"),
            ["Receivers:SnmpTrap:AllowedSenders:0"] = "127.0.0.1/32",
            ["Receivers:SnmpTrap:Communities:0"] = Community,
            ["Receivers:SnmpTrap:Users:0:Name"] = TrapUser.Name,
            ["Receivers:SnmpTrap:Users:0:AuthPassword"] = TrapUser.AuthPassword,
            ["Receivers:SnmpTrap:Users:0:PrivPassword"] = TrapUser.PrivPassword,
            ["Receivers:SnmpTrap:Users:0:EngineId"] = SenderEngineId,
            ["Receivers:SnmpTrap:Users:1:Name"] = InformUser.Name,
            ["Receivers:SnmpTrap:Users:1:AuthPassword"] = InformUser.AuthPassword,
            ["Receivers:SnmpTrap:Users:1:PrivPassword"] = InformUser.PrivPassword,
            ["Receivers:SnmpTrap:Rules:ips-attack:TrapOid"] = AttackTrap,
            ["Receivers:SnmpTrap:Rules:ips-attack:AddressOid"] = AttackAddress,
            ["Receivers:SnmpTrap:Rules:ips-attack:MaxRetry"] = "3",
            ["Receivers:SnmpTrap:Rules:ips-block:TrapOid"] = BlockInform,
            ["Receivers:SnmpTrap:Rules:ips-block:AddressOid"] = "1.3.6.1.4.1.99999.2.*",
            ["Receivers:SnmpTrap:Rules:ips-block:BanTime"] = "02:00:00",
        });
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(Gateway.Log.Contains("SNMP trap receiver listening", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the SNMP trap listener");
        Tools = new NetSnmpTools(Port);
    }

    public async Task DisposeAsync()
    {
        Tools.Dispose();
        await Gateway.DisposeAsync();
    }

    public Task WaitForDecisionAsync(string address) =>
        Eventually.WaitUntilAsync(
            async () => (await Gateway.ActiveAddressesAsync()).Contains(address), TimeSpan.FromSeconds(30), $"a gateway decision for {address} (gateway log:\n{Gateway.Log})");

    /// <summary>The receiver's reject counter for <paramref name="reason"/> from <c>/metrics</c> (0 when never counted).</summary>
    public async Task<long> RejectsAsync(string reason)
    {
        using var client = Gateway.OperatorClient();
        string text = await client.GetStringAsync("metrics");
        var match = Regex.Match(text, $"^firewallgateway_firewallgateway_snmptrap_rejects\\{{reason=\"{Regex.Escape(reason)}\"\\}} (\\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public Task WaitForRejectsAsync(string reason, long atLeast) =>
        Eventually.WaitUntilAsync(async () => await RejectsAsync(reason) >= atLeast, TimeSpan.FromSeconds(30), $"{atLeast} '{reason}' rejects counted (gateway log:\n{Gateway.Log})");
}
