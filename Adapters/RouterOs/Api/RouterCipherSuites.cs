using System.Net.Security;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>
/// The cipher suites offered to a router. .NET's default list on Linux has no DHE suites, but RouterOS 6 API-SSL
/// with an RSA certificate offers only TLS 1.2 DHE-RSA: without them the router answers "handshake failure". Only
/// forward-secret AEAD/SHA-2 suites and the DHE-RSA CBC ones RouterOS 6 needs; OpenSSL's security level still
/// refuses DH groups under 2048 bits (TlsFailure explains that case).
/// </summary>
internal static class RouterCipherSuites
{
    /// <summary>The policy, or null where .NET does not support choosing suites (Windows: the system decides).</summary>
    public static CipherSuitesPolicy? Policy { get; } = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
        ? new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
            TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
        ])
        : null;
}
