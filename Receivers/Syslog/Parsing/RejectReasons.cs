namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>Why a message or frame was refused: the <c>reason</c> tag of the reject counter.</summary>
internal static class RejectReasons
{
    public const string Empty = "empty";
    public const string BadPriority = "bad-pri";
    public const string BadHeader = "bad-header";
    public const string BadTimestamp = "bad-timestamp";
    public const string BadStructuredData = "bad-structured-data";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string NulByte = "nul-byte";
    public const string TooLarge = "too-large";
    public const string SenderNotAllowed = "sender-not-allowed";
    public const string QueueFull = "queue-full";
    public const string ReportQueueFull = "report-queue-full";
    public const string BadFrame = "bad-frame";
    public const string TruncatedFrame = "truncated-frame";
    public const string TooManyConnections = "too-many-connections";
    public const string TooManyConnectionsFromSender = "too-many-connections-from-sender";
    public const string IdleTimeout = "idle-timeout";
}
