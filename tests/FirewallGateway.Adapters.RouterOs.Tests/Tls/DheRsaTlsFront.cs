using System.Diagnostics;
using System.Security.Cryptography;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.RouterOs.Tests.Tls;

/// <summary>
/// API-SSL as RouterOS 6 serves it with an RSA certificate — TLS 1.2, DHE-RSA suites only — in front of an emulator's
/// plain port. Real OpenSSL through python3's ssl module (tls12-dhe-front.py), with an RSA key and DH group made by
/// the openssl command line for each test.
/// </summary>
internal sealed class DheRsaTlsFront : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private DheRsaTlsFront(Process process, string folder, int port, string fingerprint)
    {
        _process = process;
        _folder = folder;
        Port = port;
        CertificateFingerprint = fingerprint;
    }

    public int Port { get; }

    /// <summary>SHA-256 of the RSA certificate, 64 upper-case hex digits (what an operator pins).</summary>
    public string CertificateFingerprint { get; }

    /// <param name="backendPort">The emulator's plain API port.</param>
    /// <param name="bits">2048: a router OpenSSL at security level 2 accepts; 1024: one it refuses (key and DH group).</param>
    public static async Task<DheRsaTlsFront> StartAsync(int backendPort, int bits)
    {
        string folder = Directory.CreateTempSubdirectory("harden-input-dhe-").FullName;
        string key = Path.Combine(folder, "key.pem"), cert = Path.Combine(folder, "cert.pem"), dh = Path.Combine(folder, "dh.pem");
        (await ProcessRunner.RunAsync("openssl", "req", "-x509", "-newkey", $"rsa:{bits}", "-nodes", "-keyout", key, "-out", cert,
            "-days", "2", "-subj", "/CN=router.emulator.test")).EnsureSuccess("openssl req");

        // RFC 7919 ffdhe2048, or RFC 5114's 1024-bit group: named groups, so nothing slow is generated.
        string group = bits >= 2048 ? "group:ffdhe2048" : "dh_rfc5114:1";
        (await ProcessRunner.RunAsync("openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", group, "-out", dh)).EnsureSuccess("openssl genpkey");

        var startInfo = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-I", Path.Combine(AppContext.BaseDirectory, "Tls", "tls12-dhe-front.py"), backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture), cert, key, dh })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("python3 did not start");
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(line, out int port))
        {
            string error = await process.StandardError.ReadToEndAsync();
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"TLS front did not start: {line} {error}");
        }

        string pem = await File.ReadAllTextAsync(cert);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return new DheRsaTlsFront(process, folder, port, Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }

    public async ValueTask DisposeAsync()
    {
        // Closing stdin ends the script; kill it if it does not go.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
