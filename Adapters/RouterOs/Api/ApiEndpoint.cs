namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>
/// Where and how to reach one router's API. <c>CertificateFingerprint</c> is the SHA-256 of the router
/// certificate as 64 hex digits (pinning); null means validate by CA and <c>TlsServerName</c> (default: Host).
/// </summary>
internal sealed record ApiEndpoint(
    string Host,
    int Port,
    bool Tls,
    string? CertificateFingerprint,
    string? TlsServerName,
    string User,
    string Password,
    TimeSpan ConnectTimeout,
    TimeSpan ReadTimeout)
{
    public string Peer => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
