namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// nft could not be run at all (binary missing, namespace gone, netlink unavailable, timeout) or the table or
/// sets are missing: nothing in the batch was judged, so the dispatcher backs off and retries it whole.
/// </summary>
public sealed class NftTransportException : Exception
{
    public NftTransportException()
    {
    }

    public NftTransportException(string message)
        : base(message)
    {
    }

    public NftTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
