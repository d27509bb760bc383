namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// A fail2ban configuration file as fail2ban reads it: <c>[INCLUDES] before/after</c> files first/last, then the
/// <c>.local</c> beside the <c>.conf</c>; sections of options whose continuation lines (indented) join with a
/// newline; full-line <c>#</c>/<c>;</c> comments anywhere. A later file overriding an option keeps the earlier
/// value as <c>known/&lt;option&gt;</c>, as fail2ban does for <c>%(known/failregex)s</c>.
/// </summary>
internal sealed class Fail2banConfigFile
{
    private const int MaxIncludeDepth = 10;
    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.Ordinal);

    private Fail2banConfigFile()
    {
    }

    public static string DefaultSection => "DEFAULT";

    /// <summary>Reads <paramref name="path"/> with its includes; throws <see cref="IOException"/> when it is missing.</summary>
    public static Fail2banConfigFile Read(string path)
    {
        var config = new Fail2banConfigFile();
        config.ReadWithIncludes(Path.GetFullPath(path), 0, new HashSet<string>(StringComparer.Ordinal));
        string local = Path.ChangeExtension(path, ".local");
        if (path.EndsWith(".conf", StringComparison.Ordinal) && File.Exists(local))
        {
            config.ReadWithIncludes(Path.GetFullPath(local), 0, new HashSet<string>(StringComparer.Ordinal));
        }

        return config;
    }

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>The section's own options (without DEFAULT), or none.</summary>
    public IReadOnlyDictionary<string, string> Options(string section) =>
        _sections.TryGetValue(section, out var options) ? options : new Dictionary<string, string>();

    /// <summary>The raw value of an option in a section, falling back to DEFAULT as ConfigParser does.</summary>
    public string? Raw(string section, string option)
    {
        if (_sections.TryGetValue(section, out var options) && options.TryGetValue(option, out var value))
        {
            return value;
        }

        return _sections.TryGetValue(DefaultSection, out var defaults) && defaults.TryGetValue(option, out value) ? value : null;
    }

    private void ReadWithIncludes(string path, int depth, HashSet<string> reading)
    {
        if (depth > MaxIncludeDepth || !reading.Add(path))
        {
            throw new InvalidDataException($"include loop or more than {MaxIncludeDepth} levels of includes at {path}");
        }

        var parsed = Parse(File.ReadAllLines(path), path);
        string folder = Path.GetDirectoryName(path)!;
        var includes = parsed.GetValueOrDefault("INCLUDES");
        foreach (string before in Names(includes, "before"))
        {
            ReadIfPresent(Path.Combine(folder, before), depth, reading);
        }

        foreach (var (section, options) in parsed)
        {
            if (section != "INCLUDES")
            {
                Merge(section, options);
            }
        }

        foreach (string after in Names(includes, "after"))
        {
            ReadIfPresent(Path.Combine(folder, after), depth, reading);
        }

        reading.Remove(path);
    }

    private void ReadIfPresent(string path, int depth, HashSet<string> reading)
    {
        // fail2ban names optional files (common.local) in includes: a missing one is skipped.
        if (File.Exists(path))
        {
            ReadWithIncludes(Path.GetFullPath(path), depth + 1, reading);
        }
    }

    private static string[] Names(Dictionary<string, string>? includes, string key) =>
        includes is not null && includes.TryGetValue(key, out var value)
            ? value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            : [];

    private void Merge(string section, Dictionary<string, string> options)
    {
        if (!_sections.TryGetValue(section, out var target))
        {
            target = new Dictionary<string, string>(StringComparer.Ordinal);
            _sections.Add(section, target);
        }

        foreach (var (key, value) in options)
        {
            if (target.TryGetValue(key, out var earlier) && !key.StartsWith("known/", StringComparison.Ordinal))
            {
                target["known/" + key] = earlier;
            }

            target[key] = value;
        }
    }

    private static Dictionary<string, Dictionary<string, string>> Parse(string[] lines, string path)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? key = null;
        var value = new List<string>();
        void Flush()
        {
            if (current is not null && key is not null)
            {
                while (value.Count > 0 && value[^1].Length == 0)
                {
                    value.RemoveAt(value.Count - 1);
                }

                current[key] = string.Join('\n', value);
            }

            key = null;
            value.Clear();
        }

        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            string trimmed = line.Trim();
            if (trimmed.StartsWith('#') || trimmed.StartsWith(';'))
            {
                continue;
            }

            if (trimmed.Length == 0)
            {
                // ConfigParser keeps empty lines inside a value when an indented line follows.
                if (key is not null)
                {
                    value.Add(string.Empty);
                }

                continue;
            }

            if (char.IsWhiteSpace(line[0]) && key is not null)
            {
                value.Add(trimmed);
                continue;
            }

            Flush();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                string name = trimmed[1..^1].Trim();
                if (!sections.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    sections.Add(name, current);
                }

                continue;
            }

            int separator = trimmed.IndexOfAny(['=', ':']);
            if (current is null || separator <= 0)
            {
                throw new InvalidDataException($"{path}:{n + 1}: not a section header or 'option = value' line");
            }

            key = trimmed[..separator].Trim().ToLowerInvariant();
            value.Add(trimmed[(separator + 1)..].Trim());
        }

        Flush();
        return sections;
    }
}
