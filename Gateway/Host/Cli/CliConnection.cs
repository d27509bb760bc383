namespace FirewallGateway.Cli;

/// <summary>
/// Where the CLI finds the gateway and its operator login: options first, then FWGW_URL / FWGW_USER /
/// FWGW_PASSWORD, then the gateway's settings file (FWGW_CONFIG: its listen URL, its data folder's
/// admin.credentials, its certificate), then the development defaults (http://127.0.0.1:8080, data/admin.credentials).
/// </summary>
internal sealed record CliConnection(Uri Url, string User, string Password, string? TrustedCertificatePath = null)
{
    public static CliConnection Resolve(string? url, string? user, string? password, string? credentialsFile)
    {
        var local = LocalGatewaySettings.FromConfigFile();
        url ??= Environment.GetEnvironmentVariable("FWGW_URL") ?? local?.Url ?? "http://127.0.0.1:8080";
        user ??= Environment.GetEnvironmentVariable("FWGW_USER");
        password ??= Environment.GetEnvironmentVariable("FWGW_PASSWORD");
        if (user is null || password is null)
        {
            string file = credentialsFile ?? Environment.GetEnvironmentVariable("FWGW_CREDENTIALS_FILE") ?? local?.CredentialsFile ?? Path.Combine("data", "admin.credentials");
            if (!File.Exists(file))
            {
                throw new CliException($"no operator login: pass --user and --password, set FWGW_USER/FWGW_PASSWORD, or run where {file} exists");
            }

            string line = File.ReadLines(file).FirstOrDefault() ?? string.Empty;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CliException($"{file} must hold one line 'user:password'");
            }

            user ??= line[..colon];
            password ??= line[(colon + 1)..];
        }

        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new CliException($"--url '{url}' is not an http(s) URL");
        }

        return new CliConnection(uri, user, password, local?.CertificatePath);
    }

    public GatewayClient CreateClient() => new(Url, User, Password, TrustedCertificatePath);
}
