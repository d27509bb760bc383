using System.Text.Json;

namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// Real net-snmp senders against the real gateway process: v2c and v3 (authPriv, SHA, AES) traps and informs
/// become decisions after the rule's threshold; informs get their answer, so the tools exit 0.
/// </summary>
[Collection(SnmpTrapTests.Name)]
public sealed class SnmpTrapEndToEndTests
{
    private readonly SnmpTrapGateway _snmp;

    public SnmpTrapEndToEndTests(SnmpTrapGateway snmp)
    {
        _snmp = snmp;
    }

    [Fact]
    public async Task V2cTraps_ThreeForOneAddress_BecomeADecision_TwoDoNot()
    {
        for (int i = 0; i < 3; i++)
        {
            (await _snmp.Tools.TrapV2cAsync(SnmpTrapGateway.Community, SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.42.1")).EnsureSuccess("snmptrap");
        }

        for (int i = 0; i < 2; i++)
        {
            (await _snmp.Tools.TrapV2cAsync(SnmpTrapGateway.Community, SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.42.2")).EnsureSuccess("snmptrap");
        }

        await _snmp.WaitForDecisionAsync("1.0.42.1");
        Assert.DoesNotContain("1.0.42.2", await _snmp.Gateway.ActiveAddressesAsync());
        using var client = _snmp.Gateway.OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/decisions?address=1.0.42.1"));
        Assert.Equal("snmptrap", json.RootElement[0].GetProperty("origin").GetString());
    }

    [Fact]
    public async Task V2cInform_IsAnsweredAndBans()
    {
        var result = await _snmp.Tools.InformV2cAsync(SnmpTrapGateway.Community, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.42.3");

        result.EnsureSuccess("snmpinform -v 2c");
        await _snmp.WaitForDecisionAsync("1.0.42.3");
    }

    [Fact]
    public async Task V3AuthPrivTraps_FromThePinnedSenderEngine_BecomeADecision()
    {
        for (int i = 0; i < 3; i++)
        {
            (await _snmp.Tools.TrapV3Async(SnmpTrapGateway.SenderEngineId, SnmpTrapGateway.TrapUser, SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.42.4"))
                .EnsureSuccess("snmptrap -v 3");
        }

        await _snmp.WaitForDecisionAsync("1.0.42.4");
    }

    [Fact]
    public async Task V3AuthPrivInform_DiscoversTheEngine_IsAnsweredAndBans()
    {
        var result = await _snmp.Tools.InformV3Async(SnmpTrapGateway.InformUser, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.42.5");

        result.EnsureSuccess("snmpinform -v 3");
        await _snmp.WaitForDecisionAsync("1.0.42.5");
    }
}
