namespace FirewallGateway.Protection;

/// <summary>
/// A host the gateway depends on, as configuration names it: what it is (<see cref="Role"/>, e.g.
/// <c>target 'edge' host</c>) and the address, DNS name or wildcard given (<see cref="Host"/>).
/// </summary>
internal sealed record ProtectedHost(string Role, string Host)
{
    /// <summary>True for a listen address that means "every address of this machine".</summary>
    public bool IsWildcard => Host is "*" or "+" or "0.0.0.0" or "::" or "[::]";
}
