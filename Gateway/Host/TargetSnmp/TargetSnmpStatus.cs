namespace FirewallGateway.TargetSnmp;

/// <summary>
/// What the last SNMP poll of a target found, as <c>targets check</c> shows it. Agent-supplied text (sysName,
/// sysDescr) is escaped for printing.
/// </summary>
/// <param name="Agent">The agent polled ("udp:10.0.0.1:161 v3"): no community or password.</param>
/// <param name="LastPollAt">When the last poll finished; null before the first.</param>
/// <param name="LastResult">"ok", or why it failed: timeout, wrong-digest, unknown-user, ...</param>
/// <param name="LastError">The error of the last poll, null after a good one.</param>
/// <param name="SysName">sysName.0 of the last good poll.</param>
/// <param name="SysDescr">sysDescr.0 of the last good poll.</param>
/// <param name="Uptime">sysUpTime of the last good poll.</param>
/// <param name="LastRebootAt">When the device last booted, as of the last reboot this gateway saw (poll time minus uptime); null if none seen.</param>
/// <param name="RebootsSeen">Reboots seen since the gateway started.</param>
public sealed record TargetSnmpStatus(
    string Agent,
    DateTimeOffset? LastPollAt,
    string LastResult,
    string? LastError,
    string? SysName,
    string? SysDescr,
    TimeSpan? Uptime,
    DateTimeOffset? LastRebootAt,
    int RebootsSeen)
{
    public static TargetSnmpStatus NotYetPolled(string agent) => new(agent, null, "not-polled", null, null, null, null, null, 0);
}
