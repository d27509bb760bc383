namespace FirewallGateway.IntegrationTests.SnmpTrap;

/// <summary>The SNMP trap tests share one gateway process and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SnmpTrapTests : ICollectionFixture<SnmpTrapGateway>
{
    public const string Name = "SNMP trap receiver";
}
