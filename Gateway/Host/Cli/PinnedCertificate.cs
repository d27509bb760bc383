using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FirewallGateway.Cli;

/// <summary>
/// The CLI on the gateway's own machine trusts the certificate the gateway is configured with, byte for byte,
/// besides the system's CAs: a self-signed certificate (as the package makes) then works without turning checks
/// off, and a CA-signed one whose name is the public host name still works when the CLI calls 127.0.0.1.
/// </summary>
internal static class PinnedCertificate
{
    public static SocketsHttpHandler CreateHandler(string? certificatePath)
    {
        var handler = new SocketsHttpHandler();
        if (certificatePath is null)
        {
            return handler;
        }

        byte[] pinned = Load(certificatePath);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned)),
        };
        return handler;
    }

    private static byte[] Load(string path)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            return certificate.RawData;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException($"cannot read the gateway's certificate {path} (Kestrel:Certificates:Default:Path): {ex.Message}");
        }
    }
}
