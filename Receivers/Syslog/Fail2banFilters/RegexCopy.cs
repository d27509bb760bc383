using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// A second instance of a source-generated regex (<see cref="Fail2banLibraryRegexes"/>): the same generated matching
/// code (its runner factory), its own cached runner. A generated regex is one shared instance per pattern, and a
/// Regex caches a single runner: two threads matching with it at once make the second build a new runner and
/// <see cref="Match"/> per run, garbage that cost the parallel <c>rules test</c> more CPU than it saved. The fields
/// set here are the ones .NET documents for precompiled regexes (what the generated constructor sets); they are
/// read from the source with <see cref="UnsafeAccessorAttribute"/>, which Native AOT supports (no reflection).
/// </summary>
internal sealed class RegexCopy : Regex
{
    public RegexCopy(Regex source)
    {
        pattern = source.ToString();
        roptions = source.Options;
        internalMatchTimeout = source.MatchTimeout;
        factory = FactoryOf(source);
        capsize = CapSizeOf(source);
        caps = CapsOf(source);
        capnames = CapNamesOf(source);
        capslist = CapsListOf(source);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "factory")]
    private static extern ref RegexRunnerFactory? FactoryOf(Regex regex);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "capsize")]
    private static extern ref int CapSizeOf(Regex regex);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "caps")]
    private static extern ref Hashtable? CapsOf(Regex regex);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "capnames")]
    private static extern ref Hashtable? CapNamesOf(Regex regex);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "capslist")]
    private static extern ref string[]? CapsListOf(Regex regex);
}
