using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>One rule matching one trap; <see cref="Traps"/> is non-zero when this trap completes a ban.</summary>
internal readonly record struct TrapMatch(TrapRule Rule, HostKey Host, Oid TrapOid, VarBind AddressVarBind, int Traps)
{
    public bool Bans => Traps > 0;
}
