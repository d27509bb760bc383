namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>Any failure of the RouterOS API client; the message is written for an operator.</summary>
internal class RouterOsException : Exception
{
    public RouterOsException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The connection failed, timed out or was closed: retry on a new connection.</summary>
internal sealed class RouterOsConnectionException(string message, Exception? inner = null, bool peerClosed = false) : RouterOsException(message, inner)
{
    /// <summary>The router closed or reset the connection (a reboot, an idle cut): a fresh connection may just work.</summary>
    public bool PeerClosed { get; } = peerClosed;
}

/// <summary>The router sent bytes that are not the API protocol (garbage, control byte, oversized word).</summary>
internal sealed class RouterOsProtocolException(string message) : RouterOsException(message);

/// <summary>The router sent <c>!fatal</c> and closes the connection.</summary>
internal sealed class RouterOsFatalException(string reason) : RouterOsException($"the router ended the session: {reason}")
{
    public string Reason { get; } = reason;
}

/// <summary>The router refused the user name or password.</summary>
internal sealed class RouterOsLoginException(string message) : RouterOsException(message);

/// <summary>A command got <c>!trap</c> where success was needed.</summary>
internal sealed class RouterOsTrapException(string message, ApiTrap trap) : RouterOsException(message)
{
    public ApiTrap Trap { get; } = trap;
}
