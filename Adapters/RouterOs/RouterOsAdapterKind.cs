using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Core.Enforcement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>The <c>routeros</c> target kind: MikroTik address lists over the RouterOS API (8728) or API-SSL (8729).</summary>
internal sealed partial class RouterOsAdapterKind : IFirewallAdapterKind
{
    public const string KindName = "routeros";

    public string Kind => KindName;

    public IReadOnlyList<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        RouterOsOptionsReader.Read(section, problems);
        return problems;
    }

    public IReadOnlyList<string> RemoteHosts(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return string.IsNullOrWhiteSpace(section["Host"]) ? [] : [section["Host"]!.Trim()];
    }

    public IFirewallAdapter Create(string targetName, IConfigurationSection section, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        var options = RouterOsOptionsReader.Read(section, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<RouterOsAdapter>() ?? NullLogger.Instance;
        if (!options.Tls)
        {
            Log.PlainApi(logger, targetName, section.Path);
        }

        return new RouterOsAdapter(targetName, options, Endpoint(section.Path, options), time, logger);
    }

    /// <summary>The connection settings, with the password read from its file when configured that way.</summary>
    internal static ApiEndpoint Endpoint(string path, RouterOsTargetOptions options)
    {
        string password = options.Password ?? ReadPasswordFile(path, options.PasswordFile!);
        return new ApiEndpoint(
            options.Host,
            options.Port ?? (options.Tls ? 8729 : 8728),
            options.Tls,
            options.CertificateFingerprint?.Replace(":", string.Empty, StringComparison.Ordinal),
            options.TlsServerName,
            options.User,
            password,
            options.ConnectTimeout,
            options.ReadTimeout);
    }

    private static string ReadPasswordFile(string path, string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            return reader.ReadLine() ?? throw new InvalidOperationException($"{path}:PasswordFile '{file}' is empty");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{path}:PasswordFile '{file}' cannot be read: {ex.Message}", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4114, Level = LogLevel.Warning,
            Message = "Target {Target} uses the plain RouterOS API ({Path}:Tls = false): its password and every command cross the network unencrypted. Give api-ssl a certificate and remove Tls = false (docs/operations/routeros.md)")]
        public static partial void PlainApi(ILogger logger, string target, string path);
    }
}
