namespace FirewallGateway.Package.IntegrationTests;

/// <summary>
/// The [Service] settings of the installed unit file, read the way systemd reads them (repeated capability and
/// environment lines add up), so the test runs the service with exactly what the unit grants.
/// </summary>
internal sealed class ServiceUnit
{
    private readonly Dictionary<string, List<string>> _settings;

    private ServiceUnit(Dictionary<string, List<string>> settings)
    {
        _settings = settings;
    }

    public static ServiceUnit Load(string path)
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string section = string.Empty;
        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line;
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section == "[Service]" && equals > 0)
            {
                string key = line[..equals].Trim();
                if (!settings.TryGetValue(key, out var values))
                {
                    settings[key] = values = [];
                }

                values.Add(line[(equals + 1)..].Trim());
            }
        }

        return new ServiceUnit(settings);
    }

    public string Single(string key) =>
        _settings.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : throw new InvalidOperationException($"unit has no single {key}=");

    public string? Optional(string key) => _settings.TryGetValue(key, out var values) ? values[^1] : null;

    /// <summary>ExecStart split into the program and its arguments (the unit uses no quoting).</summary>
    public IReadOnlyList<string> ExecStart => Single("ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Capability names of every line of the key, lower case without CAP_ (setpriv's spelling).</summary>
    public IReadOnlyList<string> Capabilities(string key) =>
        (_settings.TryGetValue(key, out var values) ? values : [])
            .SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.StartsWith("CAP_", StringComparison.Ordinal) ? c[4..].ToLowerInvariant() : throw new InvalidOperationException($"{key}: '{c}'"))
            .Distinct()
            .ToList();

    public IReadOnlyDictionary<string, string> Environment =>
        (_settings.TryGetValue("Environment", out var values) ? values : [])
            .SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    public bool IsYes(string key) => Optional(key) is "yes" or "true" or "1" or "on";
}
