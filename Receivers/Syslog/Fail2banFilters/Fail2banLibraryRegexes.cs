using System.Globalization;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// The regexes of fail2ban's filter library (every filter Debian installs in /etc/fail2ban/filter.d, and their date
/// templates), compiled
/// ahead of time by the .NET regex source generator, found by their translated .NET pattern. The native
/// <c>firewallgateway-rules</c> (Native AOT) cannot compile a regex at run time, so without this every imported
/// regex runs on the regex interpreter, several times slower per line; the managed gateway skips the JIT
/// compilation of those regexes at start. A pattern not in the table (an edited or a third-party filter, a
/// <c>mode</c> other than the default, a date template whose years moved on) is built at run time as before: the table only makes the same regex faster.
/// The table (<c>Fail2banLibraryRegexes.Table.cs</c>) is generated, and checked against the installed library, by
/// Fail2banLibraryRegexesTests.
/// </summary>
internal static partial class Fail2banLibraryRegexes
{
    /// <summary>The timeout every imported regex runs with (<see cref="Fail2banFilter.MatchTimeout"/>).</summary>
    private const int TimeoutMilliseconds = Fail2banFilter.MatchTimeoutMilliseconds;

    /// <summary>
    /// The precompiled regex for <paramref name="pattern"/> with <paramref name="options"/>, or null.
    /// <see cref="RegexOptions.Compiled"/> asks for speed only, which the precompiled form has.
    /// </summary>
    public static Regex? Find(string pattern, RegexOptions options) => Precompiled(Key(pattern, options));

    /// <summary>What the table is keyed by: the options (without <see cref="RegexOptions.Compiled"/>) and the pattern.</summary>
    public static string Key(string pattern, RegexOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)(options & ~RegexOptions.Compiled)}:{pattern}");
}
