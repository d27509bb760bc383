using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>What loading <c>Receivers:Syslog:Fail2banFilters</c> gave: the filters, and one line per file not used or option ignored.</summary>
internal sealed record Fail2banImport(IReadOnlyList<Fail2banFilter> Filters, IReadOnlyList<string> Unsupported, IReadOnlyList<string> Notes);

/// <summary>
/// Loads fail2ban filter files (a file, or every <c>*.conf</c> of a folder). A filter that cannot run here is
/// named with the reason in <see cref="Fail2banImport.Unsupported"/>, never dropped in silence; a file with no
/// failregex (fail2ban's shared <c>*-common.conf</c>) is a library, not a filter.
/// </summary>
internal static class Fail2banFilterLoader
{
    /// <summary>The prefix of an imported filter's rule name (<c>f2b-sshd</c>), so it never collides with a built-in.</summary>
    public const string RulePrefix = "f2b-";

    public static Fail2banImport Load(IEnumerable<string> paths, Func<string, string?> modeOf, List<string> errors, RegexOptions regexOptions = RegexOptions.Compiled)
    {
        var filters = new List<Fail2banFilter>();
        var unsupported = new List<string>();
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            foreach (string file in Files(path, errors))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                if (!seen.Add(name))
                {
                    continue;
                }

                var init = new Dictionary<string, string>(StringComparer.Ordinal);
                if (modeOf(RulePrefix + name) is { } mode)
                {
                    init["mode"] = mode;
                }

                try
                {
                    var definition = Fail2banFilterDefinition.Load(file, init);
                    if (definition.FailRegex.Count == 0)
                    {
                        notes.Add($"{name}: no failregex (a shared definition file), not a filter");
                        continue;
                    }

                    if (definition.MaxLines > 1)
                    {
                        throw new NotSupportedException($"maxlines = {definition.MaxLines}: multi-line buffering is not supported");
                    }

                    filters.Add(new Fail2banFilter(definition, regexOptions));
                    if (definition.JournalMatch is not null)
                    {
                        notes.Add($"{name}: journalmatch ignored (syslog messages carry no journal fields)");
                    }
                }
                catch (Exception ex) when (ex is NotSupportedException or InvalidDataException or IOException or ArgumentException or FormatException)
                {
                    unsupported.Add($"{name}: {ex.Message}");
                }
            }
        }

        return new Fail2banImport(filters, unsupported, notes);
    }

    private static IEnumerable<string> Files(string path, List<string> errors)
    {
        if (Directory.Exists(path))
        {
            return Directory.GetFiles(path, "*.conf").Order(StringComparer.Ordinal);
        }

        if (File.Exists(path))
        {
            return [path];
        }

        errors.Add($"{SyslogReceiverOptions.SectionName}:Fail2banFilters: '{path}' is neither a fail2ban filter file nor a folder of them");
        return [];
    }
}
