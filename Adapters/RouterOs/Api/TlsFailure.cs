namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>
/// Says why a TLS handshake with a router failed. .NET reports "Authentication failed, see inner exception"; the
/// cause (OpenSSL's reason) sits in the inner exceptions, and the usual ones with RouterOS API-SSL have a known fix.
/// </summary>
internal static class TlsFailure
{
    private const string CertificateFix =
        "give api-ssl a 2048-bit (or larger) RSA or an ECDSA (prime256v1) certificate: /certificate add name=api-ssl common-name=<router> "
        + "key-size=prime256v1 (or 2048), /certificate sign api-ssl, /ip service set api-ssl certificate=api-ssl; RouterOS 7 then offers "
        + "ECDHE ciphers and TLS 1.3";

    public static string Describe(Exception exception)
    {
        string reason = Innermost(exception);
        string lower = reason.ToLowerInvariant();
        string? hint =
            lower.Contains("dh key too small", StringComparison.Ordinal)
                ? "the router offered only DHE-RSA ciphers with a Diffie-Hellman group under 2048 bits, which this machine's OpenSSL refuses "
                  + "(security level 2); " + CertificateFix
            : lower.Contains("ee key too small", StringComparison.Ordinal) || lower.Contains("ca key too small", StringComparison.Ordinal)
                ? "the router certificate's key is under 2048 bits, which this machine's OpenSSL refuses; " + CertificateFix
            : lower.Contains("no shared cipher", StringComparison.Ordinal) || lower.Contains("no cipher", StringComparison.Ordinal)
              || lower.Contains("handshake failure", StringComparison.Ordinal)
                ? "the router and this machine have no TLS cipher suite in common (RouterOS 6 API-SSL offers TLS 1.2 DHE-RSA suites only); "
                  + CertificateFix + ". API-SSL without a certificate only offers anonymous Diffie-Hellman, which no .NET client accepts"
            : lower.Contains("unsupported protocol", StringComparison.Ordinal) || lower.Contains("wrong version number", StringComparison.Ordinal)
                ? "the router offers no TLS version this machine accepts (TLS 1.2 or 1.3 needed): /ip service set api-ssl tls-version=any, "
                  + "or check the port is API-SSL (8729), not plain API (8728)"
            : null;
        return hint is null ? reason : $"{hint} (TLS error: {reason})";
    }

    /// <summary>The innermost message: OpenSSL's own reason, not the wrappers around it.</summary>
    private static string Innermost(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !e.Message.Contains("see inner exception", StringComparison.OrdinalIgnoreCase))
            {
                messages.Add(e.Message.Trim());
            }
        }

        return messages.Count == 0 ? exception.GetType().Name : string.Join(": ", messages.Distinct(StringComparer.Ordinal));
    }
}
