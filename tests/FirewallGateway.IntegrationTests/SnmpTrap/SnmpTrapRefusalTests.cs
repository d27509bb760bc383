namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>
/// Wrong credentials ban nothing and are counted: a wrong community, a v3 trap with a wrong password, a v3
/// inform with a wrong password (net-snmp gets a wrongDigest Report and fails), a v3 trap whose engine ID is
/// not the one pinned for its user.
/// </summary>
[Collection(SnmpTrapTests.Name)]
public sealed class SnmpTrapRefusalTests
{
    private readonly SnmpTrapGateway _snmp;

    public SnmpTrapRefusalTests(SnmpTrapGateway snmp)
    {
        _snmp = snmp;
    }

    [Fact]
    public async Task WrongCommunity_BansNothingAndIsCounted()
    {
        long before = await _snmp.RejectsAsync("unknown-community");

        for (int i = 0; i < 3; i++)
        {
            (await _snmp.Tools.TrapV2cAsync("public", SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.43.1")).EnsureSuccess("snmptrap");
        }

        await _snmp.WaitForRejectsAsync("unknown-community", before + 3);
        Assert.DoesNotContain("1.0.43.1", await _snmp.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task V3TrapWithAWrongPassword_BansNothingAndIsCounted()
    {
        long before = await _snmp.RejectsAsync("wrong-digest");
        var impostor = SnmpTrapGateway.TrapUser with { AuthPassword = "not-the-password" };

        for (int i = 0; i < 3; i++)
        {
            (await _snmp.Tools.TrapV3Async(SnmpTrapGateway.SenderEngineId, impostor, SnmpTrapGateway.AttackTrap, SnmpTrapGateway.AttackAddress, "1.0.43.2"))
                .EnsureSuccess("snmptrap -v 3");
        }

        await _snmp.WaitForRejectsAsync("wrong-digest", before + 3);
        Assert.DoesNotContain("1.0.43.2", await _snmp.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task V3InformWithAWrongPassword_FailsAtTheSenderAndBansNothing()
    {
        long before = await _snmp.RejectsAsync("wrong-digest");
        var impostor = SnmpTrapGateway.InformUser with { AuthPassword = "not-the-password" };

        var result = await _snmp.Tools.InformV3Async(impostor, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.43.3");

        Assert.NotEqual(0, result.ExitCode);
        await _snmp.WaitForRejectsAsync("wrong-digest", before + 1);
        Assert.DoesNotContain("1.0.43.3", await _snmp.Gateway.ActiveAddressesAsync());
    }

    [Fact]
    public async Task V3TrapFromAnotherEngine_BansNothingAndIsCounted()
    {
        long before = await _snmp.RejectsAsync("unknown-engine-id");

        (await _snmp.Tools.TrapV3Async("0x8000000001020399", SnmpTrapGateway.TrapUser, SnmpTrapGateway.BlockInform, SnmpTrapGateway.BlockAddress, "1.0.43.4"))
            .EnsureSuccess("snmptrap -v 3");

        await _snmp.WaitForRejectsAsync("unknown-engine-id", before + 1);
        Assert.DoesNotContain("1.0.43.4", await _snmp.Gateway.ActiveAddressesAsync());
    }
}
