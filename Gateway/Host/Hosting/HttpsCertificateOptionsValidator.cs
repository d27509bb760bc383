using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace FirewallGateway.Hosting;

/// <summary>
/// Checks the HTTPS certificate before Kestrel does: Kestrel's own failure is a stack trace naming a file or, with
/// no certificate at all, the developer certificate; this names the key to fix. The files are opened as the
/// gateway's own user, so a key the service account may not read is reported as such.
/// </summary>
internal sealed class HttpsCertificateOptionsValidator : IValidateOptions<HttpsCertificateOptions>
{
    private const string PathKey = HttpsCertificateOptions.SectionName + ":Path";
    private const string KeyPathKey = HttpsCertificateOptions.SectionName + ":KeyPath";

    private readonly IConfiguration _configuration;

    public HttpsCertificateOptionsValidator(IConfiguration configuration)
    {
        _configuration = configuration;
    }

    public ValidateOptionsResult Validate(string? name, HttpsCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return string.IsNullOrWhiteSpace(options.KeyPath)
                ? ValidateNoHttpsUrl()
                : ValidateOptionsResult.Fail($"{KeyPathKey} is set but {PathKey} is not: set both (PEM files)");
        }

        var failures = new List<string>();
        CheckReadable(PathKey, options.Path, failures);
        if (!string.IsNullOrWhiteSpace(options.KeyPath))
        {
            CheckReadable(KeyPathKey, options.KeyPath, failures);
        }

        if (failures.Count == 0)
        {
            CheckLoads(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Without a configured certificate Kestrel would look for a developer certificate, which a server never has.</summary>
    private ValidateOptionsResult ValidateNoHttpsUrl()
    {
        string urls = _configuration["Urls"] ?? string.Empty;
        string? https = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        return https is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Urls: '{https}' needs a certificate: set {PathKey} and {KeyPathKey} (PEM files)");
    }

    private static void CheckReadable(string key, string path, List<string> failures)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            failures.Add($"{key}: '{path}' does not exist");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            failures.Add($"{key}: cannot read '{path}' as user {Environment.UserName}: {ex.Message}");
        }
    }

    private static void CheckLoads(HttpsCertificateOptions options, List<string> failures)
    {
        try
        {
            using var certificate = string.IsNullOrEmpty(options.Password)
                ? X509Certificate2.CreateFromPemFile(options.Path!, options.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(options.Path!, options.Password, options.KeyPath);
        }
        // ArgumentException: a key that is not the certificate's own.
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            failures.Add($"{PathKey} / {KeyPathKey}: '{options.Path}' and '{options.KeyPath ?? options.Path}' are not a PEM certificate and its private key: {ex.Message}");
        }
    }
}
