using System.Text;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// The options of one fail2ban filter after fail2ban's two substitutions: ConfigParser's <c>%(name)s</c>
/// (with fail2ban's <c>%(section/name)s</c> and <c>%(known/name)s</c>) inside a section, then the recursive
/// <c>&lt;tag&gt;</c> substitution over the combined <c>[Definition]</c> and <c>[Init]</c> options (which is how
/// <c>mode</c>, <c>logtype</c> and <c>&lt;lt_file/__prefix_line&gt;</c> resolve). Tags that name no option
/// (<c>&lt;HOST&gt;</c>, <c>&lt;F-USER&gt;</c>) are left for the regex translation.
/// </summary>
internal sealed partial record Fail2banFilterDefinition(
    string Name,
    string? PrefRegex,
    IReadOnlyList<string> FailRegex,
    IReadOnlyList<string> IgnoreRegex,
    int MaxLines,
    string? DatePattern,
    string? JournalMatch)
{
    private const string Definition = "Definition";
    private const int MaxDepth = 40;
    private const int MaxTagReplacements = 50;

    /// <summary>Reads and resolves <paramref name="path"/>; <paramref name="init"/> overrides [Init] (e.g. <c>mode</c>).</summary>
    public static Fail2banFilterDefinition Load(string path, IReadOnlyDictionary<string, string> init)
    {
        var config = Fail2banConfigFile.Read(path);
        string name = Path.GetFileNameWithoutExtension(path);
        var combined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in config.Options(Fail2banConfigFile.DefaultSection).Keys.Concat(config.Options(Definition).Keys))
        {
            combined[key] = Interpolate(config, Definition, key, 0);
        }

        foreach (var key in config.Options("Init").Keys)
        {
            combined[key] = Interpolate(config, "Init", key, 0);
        }

        foreach (var (key, value) in init)
        {
            combined[key] = value;
        }

        string? Option(string key) => combined.TryGetValue(key, out var raw) ? SubstituteTags(raw, combined, config) : null;
        string? maxLines = Option("maxlines");
        return new Fail2banFilterDefinition(
            name,
            Blank(Option("prefregex")),
            Lines(Option("failregex")),
            Lines(Option("ignoreregex")),
            int.TryParse(maxLines, out int lines) ? lines : 1,
            Blank(Option("datepattern")),
            Blank(Option("journalmatch")));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] Lines(string? value) =>
        value is null ? [] : value.Split('\n').Where(l => l.Length > 0).ToArray();

    /// <summary>ConfigParser's BasicInterpolation of one option, with fail2ban's section-qualified names.</summary>
    private static string Interpolate(Fail2banConfigFile config, string section, string option, int depth)
    {
        string raw = config.Raw(section, option) ?? throw new InvalidDataException($"option '{option}' is not set in [{section}] or [DEFAULT]");
        return Expand(config, section, raw, depth, option);
    }

    private static string Expand(Fail2banConfigFile config, string section, string raw, int depth, string option)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"interpolation of '{option}' in [{section}] nests deeper than {MaxDepth}");
        }

        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var result = new StringBuilder(raw.Length);
        int i = 0;
        while (i < raw.Length)
        {
            char c = raw[i];
            if (c != '%')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (i + 1 < raw.Length && raw[i + 1] == '%')
            {
                result.Append('%');
                i += 2;
                continue;
            }

            int close = raw.IndexOf(")s", i, StringComparison.Ordinal);
            if (i + 1 >= raw.Length || raw[i + 1] != '(' || close < 0)
            {
                throw new InvalidDataException($"'%' must be followed by '%' or '(name)s' in option '{option}' of [{section}]");
            }

            string name = raw[(i + 2)..close].ToLowerInvariant();
            result.Append(Reference(config, section, name, depth + 1, option));
            i = close + 2;
        }

        return result.ToString();
    }

    private static string Reference(Fail2banConfigFile config, string section, string name, int depth, string option)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            string other = name[..slash];
            string key = name[(slash + 1)..];
            if (other == "known")
            {
                // The value before the last override; else, as fail2ban, the one in DEFAULT.
                string? known = config.Options(section).GetValueOrDefault("known/" + key)
                    ?? config.Options(Fail2banConfigFile.DefaultSection).GetValueOrDefault(key);
                return known is null ? throw Missing(name, section, option) : Expand(config, section, known, depth, key);
            }

            string target = other == "default" ? Fail2banConfigFile.DefaultSection : other;
            return config.Raw(target, key) is { } value ? Expand(config, target, value, depth, key) : throw Missing(name, section, option);
        }

        return config.Raw(section, name) is { } raw ? Expand(config, section, raw, depth, name) : throw Missing(name, section, option);
    }

    private static InvalidDataException Missing(string name, string section, string option) =>
        new($"'%({name})s' in option '{option}' of [{section}] names no option");

    /// <summary>
    /// fail2ban's substituteRecursiveTags for one value: tags replaced left to right, rescanning at each
    /// replacement, in passes until one changes nothing (a tag built by an inner one, <c>&lt;lt_&lt;logtype&gt;/…&gt;</c>,
    /// resolves in the next pass).
    /// </summary>
    private static string SubstituteTags(string value, Dictionary<string, string> combined, Fail2banConfigFile config)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        bool replaced = true;
        while (replaced)
        {
            replaced = false;
            int start = 0;
            while (TagPattern().Match(value, start) is { Success: true } m)
            {
                string tag = m.Groups[1].Value;
                string? replacement = combined.TryGetValue(tag, out var direct) ? direct : SectionOption(config, tag);
                if (replacement is null)
                {
                    start = m.Index + m.Length;
                    continue;
                }

                int count = counts.GetValueOrDefault(tag) + 1;
                if (count > MaxTagReplacements)
                {
                    throw new InvalidDataException($"tag <{tag}> refers to itself (replaced more than {MaxTagReplacements} times)");
                }

                counts[tag] = count;
                value = value.Replace(m.Value, replacement, StringComparison.Ordinal);
                start = m.Index;
                replaced = true;
            }
        }

        return value;
    }

    /// <summary>fail2ban's getCombOption: <c>&lt;section/option&gt;</c> read from that section.</summary>
    private static string? SectionOption(Fail2banConfigFile config, string tag)
    {
        int slash = tag.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        string section = tag[..slash];
        string option = tag[(slash + 1)..].ToLowerInvariant();
        section = section.Equals("default", StringComparison.OrdinalIgnoreCase) ? Fail2banConfigFile.DefaultSection : section;
        return config.HasSection(section) && config.Raw(section, option) is not null ? Interpolate(config, section, option, 0) : null;
    }

    [GeneratedRegex(@"<([^ <>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
