using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>
/// Checks a <c>Targets:&lt;name&gt;</c> section from its raw text, without I/O, so every problem is reported at
/// once with its full key instead of the first binder exception.
/// </summary>
internal static partial class Fail2banSshOptionsValidator
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kind", "Host", "Port", "User", "KeyFile", "KeyPassphrase", "KeyPassphraseFile", "HostKeySha256",
        "TrustOnFirstUse", "Jail", "MaxAddressesPerCall", "AllowUnban", "CommandTimeout", "KeepAlive", "FirewallTimeZone",
    };

    public static List<string> Validate(IConfigurationSection section)
    {
        var problems = new List<string>();
        string path = section.Path;
        foreach (var child in section.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key))
            {
                problems.Add($"{path}:{child.Key} is not a known key of a fail2ban-ssh target: one of {string.Join(", ", KnownKeys.Order(StringComparer.Ordinal))}");
            }
        }

        string? host = section["Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            problems.Add($"{path}:Host is required: the firewall's host name or address");
        }
        else if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            problems.Add($"{path}:Host '{host}' is not a host name or IP address");
        }

        CheckInt(section, "Port", 1, 65535, problems);
        string? user = section["User"];
        if (string.IsNullOrEmpty(user) || !UserPattern().IsMatch(user))
        {
            problems.Add($"{path}:User is required: a POSIX account name (lower-case letters, digits, '_', '-', at most 32)");
        }

        if (string.IsNullOrWhiteSpace(section["KeyFile"]))
        {
            problems.Add($"{path}:KeyFile is required: the path of the account's private key (ed25519 or RSA)");
        }

        if (!string.IsNullOrEmpty(section["KeyPassphrase"]) && !string.IsNullOrEmpty(section["KeyPassphraseFile"]))
        {
            problems.Add($"{path}:KeyPassphrase and {path}:KeyPassphraseFile are exclusive: set at most one");
        }

        bool? trust = CheckBool(section, "TrustOnFirstUse", problems);
        string? pin = section["HostKeySha256"];
        if (string.IsNullOrEmpty(pin))
        {
            if (trust != true)
            {
                problems.Add($"{path}:HostKeySha256 is required (the output of `ssh-keygen -lf <host key>.pub`, e.g. SHA256:...), unless {path}:TrustOnFirstUse is true");
            }
        }
        else if (HostKeyPin.Normalize(pin) is null)
        {
            problems.Add($"{path}:HostKeySha256 '{pin}' is not an OpenSSH SHA-256 fingerprint (SHA256: and 43 base64 characters)");
        }
        else if (trust == true)
        {
            problems.Add($"{path}:TrustOnFirstUse must be false when {path}:HostKeySha256 is set: a pinned key is never replaced");
        }

        string? jail = section["Jail"];
        if (string.IsNullOrEmpty(jail) || !JailName.IsValid(jail))
        {
            problems.Add($"{path}:Jail is required: a fail2ban jail name (letters, digits, '_', '-', '.', at most 64, starting with a letter or digit)");
        }

        CheckInt(section, "MaxAddressesPerCall", 1, 1000, problems);
        CheckBool(section, "AllowUnban", problems);
        CheckTime(section, "CommandTimeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), problems);
        CheckTime(section, "KeepAlive", TimeSpan.Zero, TimeSpan.FromHours(1), problems);
        if (section["FirewallTimeZone"] is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            problems.Add($"{path}:FirewallTimeZone '{zone}' is not a known time zone id (e.g. UTC, Europe/Berlin)");
        }

        return problems;
    }

    private static void CheckInt(IConfigurationSection section, string key, int min, int max, List<string> problems)
    {
        string? text = section[key];
        if (text is not null && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max))
        {
            problems.Add($"{section.Path}:{key} must be between {min} and {max}");
        }
    }

    private static bool? CheckBool(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out bool value))
        {
            return value;
        }

        problems.Add($"{section.Path}:{key} must be true or false");
        return null;
    }

    private static void CheckTime(IConfigurationSection section, string key, TimeSpan min, TimeSpan max, List<string> problems)
    {
        string? text = section[key];
        if (text is not null && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < min || value > max))
        {
            problems.Add($"{section.Path}:{key} must be a time span (hh:mm:ss) between {min:c} and {max:c}");
        }
    }

    [GeneratedRegex(@"\A[a-z_][a-z0-9_-]{0,31}\z")]
    private static partial Regex UserPattern();
}
