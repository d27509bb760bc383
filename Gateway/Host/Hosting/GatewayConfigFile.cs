using Microsoft.Extensions.Configuration.Json;

namespace FirewallGateway.Hosting;

/// <summary>
/// The installed layout keeps its settings outside the program folder: <c>FWGW_CONFIG</c> names one JSON file
/// (the package sets <c>/etc/firewallgateway/appsettings.json</c> in the unit and in <c>/usr/bin/firewallgateway</c>),
/// read by the gateway as its settings and by the CLI to find the local gateway, its login and its certificate.
/// Unset, nothing changes: <c>appsettings.json</c> in the working directory, as with <c>dotnet run</c>.
/// </summary>
internal static class GatewayConfigFile
{
    public const string VariableName = "FWGW_CONFIG";

    /// <summary>The file FWGW_CONFIG names, or null when it is unset.</summary>
    public static string? PathFromEnvironment()
    {
        string? path = Environment.GetEnvironmentVariable(VariableName);
        return string.IsNullOrWhiteSpace(path) ? null : path;
    }

    /// <summary>
    /// Adds the file right after the appsettings*.json sources, so environment variables and the command line still
    /// override one key for one run (<c>--urls</c>, <c>Storage__Provider</c>) as they do in development.
    /// </summary>
    public static void AddTo(ConfigurationManager configuration)
    {
        string? path = PathFromEnvironment();
        if (path is null)
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new GatewayConfigFileException($"{VariableName} names '{path}', which does not exist or cannot be read");
        }

        var source = new JsonConfigurationSource { Path = Path.GetFullPath(path), Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        int afterLastJson = configuration.Sources.ToList().FindLastIndex(s => s is JsonConfigurationSource) + 1;
        try
        {
            configuration.Sources.Insert(afterLastJson, source);
        }
        catch (InvalidDataException ex)
        {
            throw new GatewayConfigFileException($"{path} ({VariableName}) is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GatewayConfigFileException($"{VariableName} names '{path}', which user {Environment.UserName} cannot read: {ex.Message}");
        }
    }

    /// <summary>The file alone, for the CLI (which never builds the gateway's host).</summary>
    public static IConfiguration? Load()
    {
        string? path = PathFromEnvironment();
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new GatewayConfigFileException($"{VariableName} names '{path}', which does not exist or cannot be read");
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new GatewayConfigFileException($"{path} ({VariableName}) is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GatewayConfigFileException($"{VariableName} names '{path}', which user {Environment.UserName} cannot read (run as root): {ex.Message}");
        }
    }
}

/// <summary>The settings file itself is missing or unreadable: an operator's fault, reported in one line.</summary>
internal sealed class GatewayConfigFileException(string message) : Exception(message);
