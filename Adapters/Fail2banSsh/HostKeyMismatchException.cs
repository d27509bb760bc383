namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>The firewall presented a host key other than the pinned one: the connection was refused before authentication.</summary>
internal sealed class HostKeyMismatchException : Exception
{
    public HostKeyMismatchException(string expected, string presented)
        : base($"host key mismatch: pinned {expected}, presented {presented}; connection refused before authentication")
    {
        Expected = expected;
        Presented = presented;
    }

    public string Expected { get; }

    public string Presented { get; }
}
