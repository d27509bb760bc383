using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Reads a <c>Targets:&lt;name&gt;</c> section into <see cref="NftablesOptions"/> without any I/O. Every problem is
/// collected and names its full key; unknown keys are problems, so a misspelt key never silently falls back to a
/// default. Parsed by hand rather than bound so that a bad number names its key too.
/// </summary>
internal static partial class NftablesOptionsReader
{
    private static readonly string[] Families = ["inet", "ip", "ip6"];

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kind", "Family", "Table", "Set4", "Set6", "RangeSet4", "RangeSet6", "NetworkNamespace", "NftPath", "IpPath",
        "CreateIfMissing", "DropForward", "MaxBatchSize", "CommandTimeout",
    };

    public static NftablesOptions Read(IConfigurationSection section, List<string> problems)
    {
        var options = new NftablesOptions();
        foreach (var child in section.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key))
            {
                problems.Add($"{child.Path} is not a known key for kind nftables: one of {string.Join(", ", KnownKeys.Order(StringComparer.Ordinal))}");
            }
            else if (child.Value is null && child.GetChildren().Any())
            {
                problems.Add($"{child.Path} must be a single value, not a section");
            }
        }

        string path = section.Path;
        options.Family = section["Family"] ?? options.Family;
        if (!Families.Contains(options.Family, StringComparer.Ordinal))
        {
            problems.Add($"{path}:Family '{options.Family}' must be one of {string.Join(", ", Families)}");
        }

        options.Table = Name(section, "Table", options.Table, problems);
        options.Set4 = Name(section, "Set4", options.Set4, problems);
        options.Set6 = Name(section, "Set6", options.Set6, problems);
        options.RangeSet4 = Name(section, "RangeSet4", options.RangeSet4, problems);
        options.RangeSet6 = Name(section, "RangeSet6", options.RangeSet6, problems);
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, name) in new[] { ("Set4", options.Set4), ("Set6", options.Set6), ("RangeSet4", options.RangeSet4), ("RangeSet6", options.RangeSet6) })
        {
            if (name == TimeoutUpdateProbe.ProbeSet)
            {
                problems.Add($"{path}:{key} '{name}' is reserved for the gateway's timeout probe");
            }
            else if (!used.TryAdd(name, key))
            {
                problems.Add($"{path}:{key} '{name}' is already used by {path}:{used[name]}");
            }
        }

        options.NetworkNamespace = section["NetworkNamespace"] is { Length: > 0 } ns ? ns : null;
        if (options.NetworkNamespace is { } nsName && !NamespacePattern().IsMatch(nsName))
        {
            problems.Add($"{path}:NetworkNamespace '{nsName}' must be letters, digits, '_' and '-', starting with a letter or digit, at most 32");
        }

        options.NftPath = AbsolutePath(section, "NftPath", options.NftPath, problems);
        options.IpPath = AbsolutePath(section, "IpPath", options.IpPath, problems);
        options.CreateIfMissing = Bool(section, "CreateIfMissing", options.CreateIfMissing, problems);
        options.DropForward = Bool(section, "DropForward", options.DropForward, problems);
        if (options.DropForward && !options.CreateIfMissing)
        {
            problems.Add($"{path}:DropForward needs {path}:CreateIfMissing = true (otherwise the operator writes the rules)");
        }

        if (section["MaxBatchSize"] is { } batch)
        {
            if (int.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size is >= 1 and <= 100_000)
            {
                options.MaxBatchSize = size;
            }
            else
            {
                problems.Add($"{path}:MaxBatchSize '{batch}' must be a whole number between 1 and 100000");
            }
        }

        if (section["CommandTimeout"] is { } timeoutText)
        {
            if (TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out var timeout)
                && timeout >= TimeSpan.FromSeconds(1) && timeout <= TimeSpan.FromMinutes(10))
            {
                options.CommandTimeout = timeout;
            }
            else
            {
                problems.Add($"{path}:CommandTimeout '{timeoutText}' must be a time span between 00:00:01 and 00:10:00");
            }
        }

        return options;
    }

    private static string Name(IConfigurationSection section, string key, string fallback, List<string> problems)
    {
        string value = section[key] ?? fallback;
        if (!NamePattern().IsMatch(value))
        {
            problems.Add($"{section.Path}:{key} '{value}' must be letters, digits and '_', starting with a letter, at most 32");
        }

        return value;
    }

    private static string AbsolutePath(IConfigurationSection section, string key, string fallback, List<string> problems)
    {
        string value = section[key] ?? fallback;
        if (!value.StartsWith('/') || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            problems.Add($"{section.Path}:{key} '{value}' must be an absolute path without spaces");
        }

        return value;
    }

    private static bool Bool(IConfigurationSection section, string key, bool fallback, List<string> problems)
    {
        string? text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out bool value))
        {
            return value;
        }

        problems.Add($"{section.Path}:{key} '{text}' must be true or false");
        return fallback;
    }

    // nft 1.0 has no quoting for names, so only plain identifiers can be written into a script safely.
    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_]{0,31}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_-]{0,31}\z")]
    private static partial Regex NamespacePattern();
}
