using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace FirewallGateway.Security.Bench;

/// <summary>
/// The gateway's certificate for HTTPS runs: run.sh makes a self-signed one and names it in FWGW_BENCH_CACERT;
/// exactly that certificate is trusted (no CA involved, nothing else accepted).
/// </summary>
internal static class TrustedCertificate
{
    private static readonly string? Thumbprint = Environment.GetEnvironmentVariable("FWGW_BENCH_CACERT") is { Length: > 0 } path
        ? X509Certificate2.CreateFromPem(File.ReadAllText(path)).GetCertHashString()
        : null;

    public static bool Matches(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || (presented is not null && Thumbprint is not null && presented.GetCertHashString() == Thumbprint);
}
