namespace FirewallGateway.Core.Decisions;

/// <summary>Which kind of receiver a report came through.</summary>
public enum ReportSource
{
    Fail2ban,
    Graylog,
    Syslog,
    Operator,

    /// <summary>A CrowdSec agent (watcher) posting alerts to the gateway's CrowdSec local API.</summary>
    CrowdSec,

    /// <summary>The SNMP trap receiver: a v2c/v3 trap or inform whose varbind named the address.</summary>
    SnmpTrap,
}
