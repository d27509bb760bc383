using FirewallGateway.Hosting;

namespace FirewallGateway.Cli;

/// <summary>
/// What the CLI learns from the gateway's own settings file (FWGW_CONFIG, set by the installed
/// <c>/usr/bin/firewallgateway</c>): the local URL to call, where the first-start login was written, and the
/// certificate the gateway presents. So <c>firewallgateway decisions list</c> run by root needs no option.
/// </summary>
internal sealed record LocalGatewaySettings(string? Url, string CredentialsFile, string? CertificatePath)
{
    /// <summary>Null when FWGW_CONFIG is unset (a development checkout: the built-in defaults apply).</summary>
    public static LocalGatewaySettings? FromConfigFile()
    {
        IConfiguration? configuration;
        try
        {
            configuration = GatewayConfigFile.Load();
        }
        catch (GatewayConfigFileException ex)
        {
            throw new CliException(ex.Message);
        }

        if (configuration is null)
        {
            return null;
        }

        string dataDirectory = configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.DataDirectory)}"] ?? new GatewayOptions().DataDirectory;
        return new LocalGatewaySettings(
            LocalUrl(configuration["Urls"]),
            Path.Combine(dataDirectory, AdminBootstrap.CredentialsFileName),
            configuration[$"{HttpsCertificateOptions.SectionName}:{nameof(HttpsCertificateOptions.Path)}"]);
    }

    /// <summary>The first https listen URL (else the first one), with a wildcard host turned into loopback.</summary>
    private static string? LocalUrl(string? urls)
    {
        var candidates = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? chosen = candidates.FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var address = BindingAddress.Parse(chosen);
        string host = address.Host switch
        {
            "*" or "+" or "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            _ => address.Host,
        };
        return $"{address.Scheme}://{host}:{address.Port}{address.PathBase}";
    }
}
