using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Adapters.RouterOs;

/// <summary>
/// Reads and checks a <c>Targets:&lt;name&gt;</c> section without any I/O. Every problem names its full key;
/// unknown keys and values that do not convert are problems too, all gathered in one pass.
/// </summary>
internal static partial class RouterOsOptionsReader
{
    private static readonly string[] KnownKeys = typeof(RouterOsTargetOptions).GetProperties().Select(p => p.Name).ToArray();

    public static RouterOsTargetOptions Read(IConfigurationSection section, List<string> problems)
    {
        var options = new RouterOsTargetOptions();
        foreach (var child in section.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path} is not a known key: one of {string.Join(", ", KnownKeys)}");
            }
        }

        options.Kind = section["Kind"] ?? options.Kind;
        options.Host = section["Host"] ?? string.Empty;
        options.Port = ReadValue(section, "Port", t => (int?)int.Parse(t, CultureInfo.InvariantCulture), null, problems);
        options.Tls = ReadValue(section, "Tls", bool.Parse, options.Tls, problems);
        options.CertificateFingerprint = Blank(section["CertificateFingerprint"]);
        options.TlsServerName = Blank(section["TlsServerName"]);
        options.User = section["User"] ?? string.Empty;
        options.Password = section["Password"];
        options.PasswordFile = Blank(section["PasswordFile"]);
        options.List4 = section["List4"] ?? options.List4;
        options.List6 = section["List6"] ?? options.List6;
        options.MaxTimeout = ReadValue(section, "MaxTimeout", ParseSpan, options.MaxTimeout, problems);
        options.ConnectTimeout = ReadValue(section, "ConnectTimeout", ParseSpan, options.ConnectTimeout, problems);
        options.ReadTimeout = ReadValue(section, "ReadTimeout", ParseSpan, options.ReadTimeout, problems);
        options.MaxBatchSize = ReadValue(section, "MaxBatchSize", ParseInt, options.MaxBatchSize, problems);
        options.PipelineDepth = ReadValue(section, "PipelineDepth", ParseInt, options.PipelineDepth, problems);
        options.CommentPrefix = section["CommentPrefix"] ?? options.CommentPrefix;
        Check(section.Path, options, problems);
        return options;
    }

    private static void Check(string path, RouterOsTargetOptions o, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(o.Host) || o.Host.Any(char.IsWhiteSpace))
        {
            problems.Add($"{path}:Host is required: the router's address or DNS name");
        }

        if (o.Port is < 1 or > 65535)
        {
            problems.Add($"{path}:Port must be between 1 and 65535");
        }

        if (!o.Tls && (o.CertificateFingerprint is not null || o.TlsServerName is not null))
        {
            problems.Add($"{path}:Tls must be true when CertificateFingerprint or TlsServerName is set");
        }

        if (o.CertificateFingerprint is { } pin && !FingerprintPattern().IsMatch(pin))
        {
            problems.Add($"{path}:CertificateFingerprint must be a SHA-256 fingerprint: 64 hex digits, optionally in ':'-separated pairs");
        }

        if (string.IsNullOrEmpty(o.User) || !IsPrintableAscii(o.User))
        {
            problems.Add($"{path}:User is required (printable ASCII)");
        }

        if ((o.Password is null) == (o.PasswordFile is null))
        {
            problems.Add($"{path}:Password or {path}:PasswordFile is required (exactly one of them)");
        }

        CheckListName(path, "List4", o.List4, problems);
        CheckListName(path, "List6", o.List6, problems);
        CheckRange(path, "MaxTimeout", o.MaxTimeout, TimeSpan.FromMinutes(1), RouterOsTargetOptions.RouterMaxTimeout, problems);
        CheckRange(path, "ConnectTimeout", o.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), problems);
        CheckRange(path, "ReadTimeout", o.ReadTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), problems);
        if (o.MaxBatchSize is < 1 or > 100_000)
        {
            problems.Add($"{path}:MaxBatchSize must be between 1 and 100000");
        }

        if (o.PipelineDepth is < 1 or > 10_000)
        {
            problems.Add($"{path}:PipelineDepth must be between 1 and 10000");
        }

        if (!PrefixPattern().IsMatch(o.CommentPrefix))
        {
            problems.Add($"{path}:CommentPrefix must be 1 to 32 letters, digits, '-', '_' or '.'");
        }
    }

    private static void CheckListName(string path, string key, string value, List<string> problems)
    {
        if (value.Length is < 1 or > 63 || !IsPrintableAscii(value))
        {
            problems.Add($"{path}:{key} must be 1 to 63 printable ASCII characters");
        }
    }

    private static void CheckRange(string path, string key, TimeSpan value, TimeSpan min, TimeSpan max, List<string> problems)
    {
        if (value < min || value > max)
        {
            problems.Add($"{path}:{key} must be between {min.ToString("c", CultureInfo.InvariantCulture)} and {max.ToString("c", CultureInfo.InvariantCulture)}");
        }
    }

    private static T ReadValue<T>(IConfigurationSection section, string key, Func<string, T> parse, T fallback, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        try
        {
            return parse(text.Trim());
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            problems.Add($"{section.Path}:{key} '{text}' is not a valid {Describe<T>()}");
            return fallback;
        }
    }

    private static TimeSpan ParseSpan(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);

    private static int ParseInt(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string Describe<T>() =>
        typeof(T) == typeof(TimeSpan) ? "time span (d.hh:mm:ss)" : typeof(T) == typeof(bool) ? "boolean (true/false)" : "whole number";

    private static bool IsPrintableAscii(string value) => value.All(c => c is >= ' ' and <= '~');

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"\A(?:[0-9A-Fa-f]{64}|(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})\z")]
    private static partial Regex FingerprintPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,32}\z")]
    private static partial Regex PrefixPattern();
}
