namespace FirewallGateway.Core.Decisions;

/// <summary>
/// The writer's queue stayed full for the whole allowed wait: the report was NOT taken. Receivers answer
/// 503 with Retry-After so the client sends it again later instead of the gateway queueing without bound.
/// </summary>
public sealed class ReportQueueFullException : Exception
{
    /// <summary>What receivers put in Retry-After.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public ReportQueueFullException()
        : base("the gateway is overloaded (report queue full); retry later")
    {
    }

    public ReportQueueFullException(string message)
        : base(message)
    {
    }

    public ReportQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
