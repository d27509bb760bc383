using System.Net;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.SnmpTrap.Pipeline;

/// <summary>The SNMP trap receiver's log messages (event ids 5200-5249).</summary>
internal static partial class Log
{
    [LoggerMessage(5200, LogLevel.Information, "SNMP trap receiver listening on udp {EndPoint} (port {Port}); engine {EngineId}, boots {Boots}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, int port, string engineId, int boots);

    [LoggerMessage(5201, LogLevel.Information, "SNMP trap receiver: {RuleCount} rule(s): {Rules}; {Communities} community(ies), {Users} v3 user(s); allowed senders: {Senders}")]
    public static partial void Configured(ILogger logger, int ruleCount, string rules, int communities, int users, string senders);

    [LoggerMessage(5202, LogLevel.Warning, "SNMP input refused ({Reason}) from {Sender}; {Suppressed} more of this reason since the last warning")]
    public static partial void Rejected(ILogger logger, string reason, string sender, long suppressed);

    [LoggerMessage(5203, LogLevel.Information, "SNMP trap rule {Rule}: {Address} seen {Traps} time(s) within {FindTime} (sender {Sender}); ban requested")]
    public static partial void BanRaised(ILogger logger, string rule, string address, int traps, TimeSpan findTime, string sender);

    [LoggerMessage(5204, LogLevel.Error, "SNMP trap ban of {Address} (rule {Rule}) could not be submitted")]
    public static partial void SubmitFailed(ILogger logger, Exception exception, string address, string rule);

    [LoggerMessage(5205, LogLevel.Warning, "SNMP trap receive failed; listener keeps serving")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(5206, LogLevel.Debug, "SNMP trap ban of {Address} (rule {Rule}): {Outcome}")]
    public static partial void Submitted(ILogger logger, string address, string rule, string outcome);
}
