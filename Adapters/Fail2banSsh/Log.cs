using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>Log events of the fail2ban-ssh adapter (event ids 6301-6399).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Target {Target}: connected to {User}@{Host}:{Port}, host key {Fingerprint}")]
    public static partial void Connected(ILogger logger, string target, string user, string host, int port, string fingerprint);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Error, Message = "Target {Target}: host key mismatch, connection refused: pinned {Expected}, presented {Presented}")]
    public static partial void HostKeyMismatch(ILogger logger, string target, string expected, string presented);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Target {Target}: trusting the first host key seen, {Fingerprint}; pin it with HostKeySha256")]
    public static partial void TrustedOnFirstUse(ILogger logger, string target, string fingerprint);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "Target {Target}: connection dropped ({Reason}); the next command reconnects")]
    public static partial void ConnectionDropped(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "Target {Target}: command failed with exit {ExitStatus}: {Command}: {Why}")]
    public static partial void CommandFailed(ILogger logger, string target, int? exitStatus, string command, string why);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Debug, Message = "Target {Target}: banip of {Count} addresses, {New} new, in {Milliseconds} ms")]
    public static partial void Banned(ILogger logger, string target, int count, int @new, long milliseconds);

    [LoggerMessage(EventId = 6307, Level = LogLevel.Information, Message = "Target {Target}: {Count} unbans confirmed without sending: AllowUnban is off, the jail's bantime ends these bans")]
    public static partial void UnbanNotSent(ILogger logger, string target, int count);

    [LoggerMessage(EventId = 6308, Level = LogLevel.Warning, Message = "Target {Target}: ignored a line of the jail's ban list that has no documented shape: {Line}")]
    public static partial void UnparsedLine(ILogger logger, string target, string line);

    [LoggerMessage(EventId = 6309, Level = LogLevel.Warning, Message = "Target {Target}: the connection failed during a command; reconnecting once")]
    public static partial void Retrying(ILogger logger, string target, Exception exception);
}
