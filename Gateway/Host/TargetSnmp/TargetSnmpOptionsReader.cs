using System.Globalization;
using FirewallGateway.Snmp;
using FirewallGateway.Snmp.Client;

namespace FirewallGateway.TargetSnmp;

/// <summary>
/// Reads and checks a <c>Targets:&lt;name&gt;:Snmp</c> section without I/O. Every problem names its full key;
/// no message ever contains a community or password.
/// </summary>
internal static class TargetSnmpOptionsReader
{
    private static readonly string[] KnownKeys = typeof(TargetSnmpOptions).GetProperties().Select(p => p.Name).ToArray();
    private static readonly string[] V3Keys = ["User", "AuthProtocol", "AuthPassword", "PrivProtocol", "PrivPassword"];

    /// <summary>The options, or null with <paramref name="problems"/> filled.</summary>
    /// <param name="section">The <c>Snmp</c> child of a target section.</param>
    /// <param name="targetHost">The target's own host, the default of <c>Host</c>; null for a local target.</param>
    /// <param name="problems">Where each problem is added, naming its key.</param>
    public static TargetSnmpOptions? Read(IConfigurationSection section, string? targetHost, List<string> problems)
    {
        int before = problems.Count;
        string path = section.Path;
        foreach (var child in section.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path} is not a known key: one of {string.Join(", ", KnownKeys)}");
            }
        }

        var options = new TargetSnmpOptions
        {
            Host = Blank(section["Host"]) ?? targetHost ?? "",
            Community = Blank(section["Community"]),
            User = Blank(section["User"]),
            AuthPassword = section["AuthPassword"],
            PrivPassword = section["PrivPassword"],
        };
        options.Port = Parse(section, "Port", int.Parse, options.Port, problems);
        options.PollInterval = Parse(section, "PollInterval", TimeSpan.Parse, options.PollInterval, problems);
        options.Timeout = Parse(section, "Timeout", TimeSpan.Parse, options.Timeout, problems);
        options.Retries = Parse(section, "Retries", int.Parse, options.Retries, problems);
        options.Version = ParseVersion(section, problems);
        if (options.Version == SnmpVersion.V3)
        {
            options.AuthProtocol = ParseAuth(section, problems);
            options.PrivProtocol = ParsePriv(section, problems);
        }

        Check(path, section, options, problems);
        return problems.Count == before ? options : null;
    }

    /// <summary>The agent and client settings the poller uses.</summary>
    public static (SnmpAgent Agent, SnmpClientOptions Client) ToAgent(TargetSnmpOptions options)
    {
        var endPoint = System.Net.IPAddress.TryParse(options.Host, out var address)
            ? (System.Net.EndPoint)new System.Net.IPEndPoint(address, options.Port)
            : new System.Net.DnsEndPoint(options.Host, options.Port);
        var agent = options.Version == SnmpVersion.V2c
            ? SnmpAgent.V2c(endPoint, options.Community!)
            : SnmpAgent.V3(endPoint, new UsmUser(options.User!, options.AuthProtocol, options.AuthPassword!, options.PrivProtocol, options.PrivPassword ?? ""));
        return (agent, new SnmpClientOptions { Timeout = options.Timeout, Retries = options.Retries });
    }

    private static void Check(string path, IConfigurationSection section, TargetSnmpOptions o, List<string> problems)
    {
        if (string.IsNullOrEmpty(o.Host))
        {
            problems.Add($"{path}:Host is required: this target has no remote host to default to");
        }
        else if (Uri.CheckHostName(o.Host) == UriHostNameType.Unknown)
        {
            problems.Add($"{path}:Host must be an address or DNS name");
        }

        if (o.Port is < 1 or > 65535)
        {
            problems.Add($"{path}:Port must be between 1 and 65535");
        }

        if (o.PollInterval < TimeSpan.FromSeconds(1) || o.PollInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{path}:PollInterval must be between 00:00:01 and 01:00:00");
        }

        if (o.Timeout < TimeSpan.FromMilliseconds(100) || o.Timeout > TimeSpan.FromSeconds(30))
        {
            problems.Add($"{path}:Timeout must be between 00:00:00.100 and 00:00:30");
        }

        if (o.Retries is < 0 or > 5)
        {
            problems.Add($"{path}:Retries must be between 0 and 5");
        }

        if (o.Version == SnmpVersion.V2c)
        {
            if (o.Community is null || !IsPrintableAscii(o.Community))
            {
                problems.Add($"{path}:Community is required for v2c (printable ASCII)");
            }

            foreach (string key in V3Keys.Where(k => section[k] is not null))
            {
                problems.Add($"{path}:{key} applies to v3 only (Version is v2c)");
            }

            return;
        }

        if (section["Community"] is not null)
        {
            problems.Add($"{path}:Community applies to v2c only (Version is v3)");
        }

        if (o.User is null || o.User.Length > 32 || !IsPrintableAscii(o.User))
        {
            problems.Add($"{path}:User is required for v3 (1 to 32 printable ASCII characters)");
        }

        CheckPassword(path, "AuthPassword", o.AuthPassword, problems);
        if (o.PrivProtocol != PrivProtocol.None)
        {
            CheckPassword(path, "PrivPassword", o.PrivPassword, problems);
        }
        else if (section["PrivPassword"] is not null)
        {
            problems.Add($"{path}:PrivPassword is set but PrivProtocol is None");
        }
    }

    private static void CheckPassword(string path, string key, string? password, List<string> problems)
    {
        if (password is null || password.Length < UsmUser.MinPasswordLength)
        {
            problems.Add($"{path}:{key} is required for v3: at least {UsmUser.MinPasswordLength} characters");
        }
    }

    private static SnmpVersion ParseVersion(IConfigurationSection section, List<string> problems)
    {
        switch (section["Version"]?.ToUpperInvariant())
        {
            case "V2C":
                return SnmpVersion.V2c;
            case "V3":
                return SnmpVersion.V3;
            default:
                problems.Add($"{section.Path}:Version is required: v2c or v3");
                return SnmpVersion.V2c;
        }
    }

    private static AuthProtocol ParseAuth(IConfigurationSection section, List<string> problems)
    {
        switch (section["AuthProtocol"]?.ToUpperInvariant())
        {
            case "SHA1" or "SHA":
                return AuthProtocol.Sha1;
            case "SHA256" or "SHA-256":
                return AuthProtocol.Sha256;
            default:
                // MD5 (and noAuth) are refused on purpose: a health poll must not teach an attacker a password hash.
                problems.Add($"{section.Path}:AuthProtocol is required for v3: SHA1 or SHA256");
                return AuthProtocol.None;
        }
    }

    private static PrivProtocol ParsePriv(IConfigurationSection section, List<string> problems)
    {
        switch (section["PrivProtocol"]?.ToUpperInvariant())
        {
            case null or "AES" or "AES128":
                return PrivProtocol.Aes128;
            case "NONE":
                return PrivProtocol.None;
            default:
                problems.Add($"{section.Path}:PrivProtocol must be AES or None");
                return PrivProtocol.None;
        }
    }

    private static T Parse<T>(IConfigurationSection section, string key, Func<string, IFormatProvider, T> parse, T fallback, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        try
        {
            return parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            problems.Add($"{section.Path}:{key} '{text}' is not a valid {typeof(T).Name}");
            return fallback;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static bool IsPrintableAscii(string text) => text.Length > 0 && text.All(c => c is >= ' ' and <= '~');
}
