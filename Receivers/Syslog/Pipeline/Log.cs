using System.Net;
using Microsoft.Extensions.Logging;

namespace FirewallGateway.Receivers.Syslog.Pipeline;

/// <summary>The syslog receiver's log messages (event ids 5100-5199).</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Syslog {Transport} listening on {EndPoint} (port {Port})")]
    public static partial void Listening(ILogger logger, string transport, IPEndPoint endPoint, int port);

    [LoggerMessage(5101, LogLevel.Information, "Syslog receiver: {RuleCount} detection rule(s): {Rules}; allowed senders: {Senders}")]
    public static partial void Rules(ILogger logger, int ruleCount, string rules, string senders);

    [LoggerMessage(5102, LogLevel.Warning, "Syslog input refused ({Reason}) from {Sender}; {Suppressed} more of this reason since the last warning")]
    public static partial void Rejected(ILogger logger, string reason, string sender, long suppressed);

    [LoggerMessage(5103, LogLevel.Information, "Syslog rule {Rule}: {Address} failed {Failures} time(s) within {FindTime} (sender {Sender}); ban requested")]
    public static partial void BanRaised(ILogger logger, string rule, string address, int failures, TimeSpan findTime, string sender);

    [LoggerMessage(5104, LogLevel.Error, "Syslog ban of {Address} (rule {Rule}) could not be submitted")]
    public static partial void SubmitFailed(ILogger logger, Exception exception, string address, string rule);

    [LoggerMessage(5105, LogLevel.Warning, "Syslog {Transport} receive failed; listener keeps serving")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string transport);

    [LoggerMessage(5106, LogLevel.Debug, "Syslog ban of {Address} (rule {Rule}): {Outcome}")]
    public static partial void Submitted(ILogger logger, string address, string rule, string outcome);

    [LoggerMessage(5108, LogLevel.Warning, "Syslog receiver: {Note}")]
    public static partial void RuleNote(ILogger logger, string note);

    [LoggerMessage(5107, LogLevel.Warning, "Syslog rule {Rule}: pattern match timed out; message skipped")]
    public static partial void MatchTimeout(ILogger logger, string rule);
}
