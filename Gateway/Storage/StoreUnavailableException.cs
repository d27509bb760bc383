namespace FirewallGateway.Storage;

/// <summary>
/// The store's database cannot be reached or refused the login. The message names the configuration key and
/// the server, so a gateway that cannot start says which setting to fix.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
