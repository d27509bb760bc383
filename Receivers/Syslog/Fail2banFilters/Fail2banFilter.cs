using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>One failure an imported filter found: the address, the user if captured, and the lines it rests on.</summary>
internal sealed record Fail2banFailure(string Address, string? User, IReadOnlyList<string> Lines);

/// <summary>
/// What <see cref="Fail2banFilter.Scan"/> found on a line: the failregex that matched (by index; -1 none, -2 its
/// regexes timed out), the buffers the prefregex and the failregex ran on, and where its group offsets start;
/// and the date detector's memory it started from and left (<see cref="Fail2banFilterState.DateTemplate"/>).
/// </summary>
internal readonly record struct Fail2banScan(int Failure, string PrefixBuffer, string Buffer, int FirstSpan)
{
    public int DateBefore { get; init; }

    public int DateAfter { get; init; }

    public static readonly Fail2banScan None = new(-1, string.Empty, string.Empty, 0);

    public static readonly Fail2banScan TimedOutScan = new(-2, string.Empty, string.Empty, 0);

    public bool Found => Failure >= 0;

    public bool TimedOut => Failure == -2;
}

/// <summary>
/// A fail2ban filter compiled for .NET, run the way fail2ban's <c>Filter.findFailure</c> runs a line with
/// <c>maxlines = 1</c> and the server's first-match rule: cut the date, <c>ignoreregex</c> (before or after the
/// failregex, by fail2ban's own rule of thumb), <c>prefregex</c> and its <c>content</c>, the failregex lines in
/// order, then the multi-line failure id (<c>&lt;F-MLFID&gt;</c>) merge with <c>F-NOFAIL</c>, <c>F-MLFFORGET</c>
/// and <c>F-MLFGAINED</c>, so a failure whose address was logged on an earlier line of the same connection is
/// still found. The per-connection memory lives in a <see cref="Fail2banFilterState"/> owned by one engine.
/// </summary>
internal sealed class Fail2banFilter
{
    /// <summary>
    /// Each fail2ban regex runs on attacker-influenced text with backtracking (conditionals need it): a timeout
    /// fences it. Wider than the built-ins' 250 ms because the first run of a compiled regex includes its JIT,
    /// which on a loaded 2-core box took longer than that (the regexes are also run once at load, see Warm).
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    /// <summary><see cref="MatchTimeout"/> as the constant the precompiled library regexes are built with.</summary>
    public const int MatchTimeoutMilliseconds = 1000;

    private readonly Fail2banDateDetector _dates;
    private readonly CompiledRegex? _prefix;
    private readonly CompiledRegex[] _failures;
    private readonly CompiledRegex[] _ignores;
    private readonly bool _ignoreFirst;

    public Fail2banFilter(Fail2banFilterDefinition definition, RegexOptions extraOptions = RegexOptions.Compiled)
    {
        Definition = definition;
        _dates = Fail2banDateDetector.For(definition.DatePattern);
        _prefix = definition.PrefRegex is null ? null : Compile(definition.PrefRegex, "prefregex", extraOptions);
        _failures = [.. definition.FailRegex.Select((r, i) => Compile(r, $"failregex line {i + 1}", extraOptions))];
        _ignores = [.. definition.IgnoreRegex.Select((r, i) => Compile(r, $"ignoreregex line {i + 1}", extraOptions))];
        _ignoreFirst = _ignores.Length < _failures.Length - 2;
        if (_failures.Length == 0)
        {
            throw new NotSupportedException("it has no failregex");
        }

        bool prefixHasId = _prefix?.Names.Any(IsFailureId) ?? false;
        if (_failures.FirstOrDefault(f => !prefixHasId && !f.Names.Any(IsFailureId)) is { } bare)
        {
            throw new NotSupportedException($"{bare.Where} has no failure id (<HOST>, <ADDR>, <F-ID> or <F-MLFID>)");
        }

        if (!_failures.Any(f => f.Names.Contains("ip4")) && !(_prefix?.Names.Contains("ip4") ?? false))
        {
            throw new NotSupportedException("its failures carry no address (<F-ID>/<DNS> only); the gateway bans addresses");
        }
    }

    public string Name => Definition.Name;

    public Fail2banFilterDefinition Definition { get; }

    /// <summary>The line without the date fail2ban would cut (the text its regexes see).</summary>
    public string WithoutDate(string line)
    {
        int first = -1;
        return _dates.TryFind(line, ref first, out int start, out int length) && length > 0 ? string.Concat(line.AsSpan(0, start), line.AsSpan(start + length)) : line;
    }

    /// <summary>The failure this line completes, or null (no match, ignored, not a failure, or waiting for its address).</summary>
    public Fail2banFailure? Find(string line, Fail2banFilterState state, DateTimeOffset at)
    {
        var spans = new List<int>();
        int date = state.DateTemplate;
        var scan = Scan(line, spans, ref date);
        state.DateTemplate = date;
        return Complete(scan, spans, line, state, at);
    }

    /// <summary>
    /// The part of <see cref="Find"/> that keeps no state (date cut, ignoreregex, prefregex, failregex): which
    /// failregex matched, with its groups' and the prefregex's as (index, length) pairs appended to
    /// <paramref name="spans"/>, or <see cref="Fail2banScan.None"/> when none did or the line is ignored. Every
    /// filter runs with <c>maxlines = 1</c> (the loader refuses more), so a line's scan depends on that line alone
    /// and several threads may scan different lines at once (each with its own <paramref name="spans"/>);
    /// <see cref="Complete"/> then takes the scans in line order. Offsets, not group strings or a dictionary: a
    /// scan waits for its batch's turn, and many small objects alive that long made the GC copy them (and the
    /// heap grow) when the scans first ran in parallel. Throws <see cref="RegexMatchTimeoutException"/> as the
    /// regexes do, possibly after appending to <paramref name="spans"/>. <paramref name="dateTemplate"/> is the
    /// date detector's memory (<see cref="Fail2banDateDetector.TryFind"/>), the one thing a line passes to the next.
    /// </summary>
    public Fail2banScan Scan(string line, List<int> spans, ref int dateTemplate)
    {
        string buffer = _dates.TryFind(line, ref dateTemplate, out int date, out int dateLength) && dateLength > 0
            ? string.Concat(line.AsSpan(0, date), line.AsSpan(date + dateLength), "\n")
            : line + "\n";
        if (_ignoreFirst && AnyIgnore(buffer, 0, buffer.Length))
        {
            return Fail2banScan.None;
        }

        // The failregexes run on fail2ban's buffer (the prefregex content and a newline) in place when the content
        // ends the line, as it does for every shipped prefregex: no copy per line.
        Match? prefix = null;
        string prefixBuffer = buffer;
        int start = 0, length = buffer.Length;
        if (_prefix is not null)
        {
            prefix = _prefix.MayMatch(buffer, 0, buffer.Length) ? _prefix.Regex.Match(buffer, 0, buffer.Length) : Match.Empty;
            if (!prefix.Success)
            {
                return Fail2banScan.None;
            }

            if (_prefix.ContentGroup >= 0 && prefix.Groups[_prefix.ContentGroup] is { Success: true, Length: > 0 } content)
            {
                if (content.Index + content.Length == buffer.Length - 1)
                {
                    (start, length) = (content.Index, content.Length + 1);
                }
                else
                {
                    buffer = content.Value + "\n";
                    length = buffer.Length;
                }
            }
        }

        for (int n = 0; n < _failures.Length; n++)
        {
            var failure = _failures[n];
            if (!failure.MayMatch(buffer, start, length))
            {
                continue;
            }

            var match = failure.Regex.Match(buffer, start, length);
            if (!match.Success)
            {
                continue;
            }

            if (!_ignoreFirst && _ignores.Length > 0 && AnyIgnore(buffer, start, length))
            {
                return Fail2banScan.None;
            }

            int first = spans.Count;
            if (prefix is not null)
            {
                _prefix!.AddSpans(prefix, spans);
            }

            failure.AddSpans(match, spans);
            return new Fail2banScan(n, prefixBuffer, buffer, first);
        }

        return Fail2banScan.None;
    }

    /// <summary>
    /// The stateful part of <see cref="Find"/> for what <see cref="Scan"/> found on <paramref name="line"/> (its
    /// offsets in <paramref name="spans"/>): fail2ban's groups, then the multi-line failure id merge in
    /// <paramref name="state"/>, run in line order by the state's one owner.
    /// </summary>
    public Fail2banFailure? Complete(in Fail2banScan scan, List<int> spans, string line, Fail2banFilterState state, DateTimeOffset at)
    {
        if (!scan.Found)
        {
            return null;
        }

        // fail2ban's preGroups.copy().update(failGroups): the prefregex groups, overwritten by the failregex's.
        var fail = new Dictionary<string, object?>(24, StringComparer.Ordinal);
        int next = scan.FirstSpan;
        if (_prefix is not null)
        {
            _prefix.AddGroups(scan.PrefixBuffer, spans, ref next, fail);
            fail.Remove("content");
        }

        _failures[scan.Failure].AddGroups(scan.Buffer, spans, ref next, fail);
        if (fail.GetValueOrDefault("mlfid") is string id)
        {
            fail = state.Merge(id, fail, line, at);
            if (Truthy(fail.GetValueOrDefault("nofail")))
            {
                return null;
            }
        }
        else if (Truthy(fail.GetValueOrDefault("nofail")))
        {
            return null;
        }
        else
        {
            fail["matches"] = Lines(fail, "matches").Append(line).ToList();
        }

        var address = fail.GetValueOrDefault("ip4") as string ?? fail.GetValueOrDefault("ip6") as string;
        if (address is null)
        {
            if (fail.GetValueOrDefault("mlfid") is not null && fail.GetValueOrDefault("fid") is null && fail.GetValueOrDefault("dns") is null)
            {
                // fail2ban keeps the failure pending until a later line of the connection names the address.
                fail["mlfpending"] = 1;
            }

            return null;
        }

        return new Fail2banFailure(address, fail.GetValueOrDefault("user") as string, Lines(fail, "matches"));
    }

    internal static bool Truthy(object? value) => value switch
    {
        null => false,
        string text => text.Length > 0,
        int number => number != 0,
        ICollection<string> items => items.Count > 0,
        _ => true,
    };

    internal static List<string> Lines(Dictionary<string, object?> groups, string key) =>
        groups.GetValueOrDefault(key) is List<string> lines ? lines : [];

    private static bool IsFailureId(string name) => name is "fid" or "ip4" or "ip6" or "dns" or "mlfid";

    private bool AnyIgnore(string buffer, int start, int length)
    {
        foreach (var ignore in _ignores)
        {
            if (ignore.MayMatch(buffer, start, length) && ignore.Regex.Match(buffer, start, length).Success)
            {
                return true;
            }
        }

        return false;
    }

    private static CompiledRegex Compile(string regex, string where, RegexOptions extraOptions)
    {
        string translated = Fail2banRegexTranslator.Translate(regex);
        try
        {
            var options = RegexOptions.CultureInvariant | extraOptions;
            return Fail2banLibraryRegexes.Find(translated, options) is { } precompiled
                ? new CompiledRegex(precompiled, where, precompiled: true)
                : new CompiledRegex(Warm(new Regex(translated, options, MatchTimeout)), where, precompiled: false);
        }
        catch (ArgumentException ex)
        {
            throw new NotSupportedException($"{where} has no .NET form: {ex.Message}", ex);
        }
    }

    /// <summary>Runs the regex once so its JIT happens at load, not inside the first timed match.</summary>
    internal static Regex Warm(Regex regex)
    {
        try
        {
            regex.IsMatch("Jan  1 00:00:00 host program[1]: warm-up from 1.0.0.1\n");
        }
        catch (RegexMatchTimeoutException)
        {
            // Only the JIT was slow; real lines get their own full timeout.
        }

        return regex;
    }

    /// <summary>A regex with its named groups (Python's groupdict: every name, null when it did not take part).</summary>
    private sealed class CompiledRegex
    {
        private readonly (string Name, int Number)[] _groups;
        private readonly (string Alternative, string Name)[] _alternatives;

        public CompiledRegex(Regex regex, string where, bool precompiled)
        {
            Regex = new HotRegex(regex, precompiled);
            Where = where;
            Literal = RequiredLiteral.Of(regex.ToString(), regex.Options);
            _groups = [.. regex.GetGroupNames().Where(n => !char.IsAsciiDigit(n[0])).Select(n => (n, regex.GroupNumberFromName(n)))];
            Names = [.. _groups.Select(g => g.Name)];
            ContentGroup = regex.GroupNumberFromName("content");
            _alternatives = [.. Names.Where(n => n.StartsWith("alt_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(n => (n, AlternativeSuffix().Replace(n[4..], string.Empty)))];
        }

        public HotRegex Regex { get; }

        public string Where { get; }

        /// <summary>The number of the <c>content</c> group (<c>&lt;F-CONTENT&gt;</c>), or -1.</summary>
        public int ContentGroup { get; }

        public HashSet<string> Names { get; }

        /// <summary>Text every match contains (<see cref="RequiredLiteral"/>), or null.</summary>
        public string? Literal { get; }

        /// <summary>False when the text cannot match: it lacks <see cref="Literal"/> (one vectorised search, no regex run).</summary>
        public bool MayMatch(string input, int start, int length) =>
            Literal is null || input.AsSpan(start, length).Contains(Literal, StringComparison.Ordinal);

        /// <summary>Appends each named group's (index, length) to <paramref name="spans"/>; length -1 when it did not take part.</summary>
        public void AddSpans(Match match, List<int> spans)
        {
            foreach (var (_, number) in _groups)
            {
                var group = match.Groups[number];
                spans.Add(group.Index);
                spans.Add(group.Success ? group.Length : -1);
            }
        }

        /// <summary>Python's groupdict from what <see cref="AddSpans"/> kept, from <paramref name="next"/> on.</summary>
        public void AddGroups(string buffer, List<int> spans, ref int next, Dictionary<string, object?> groups)
        {
            foreach (var (name, _) in _groups)
            {
                int index = spans[next++], length = spans[next++];
                groups[name] = length < 0 ? null : buffer.Substring(index, length);
            }

            // fail2ban's alt_ groups: <F-ALT_USER> fills user when user itself is empty.
            foreach (var (alternative, name) in _alternatives)
            {
                if (Truthy(groups[alternative]) && !Truthy(groups.GetValueOrDefault(name)))
                {
                    groups[name] = groups[alternative];
                }
            }
        }
    }

    private static readonly Regex AlternativeSuffixRegex = new(@"_\d+$", RegexOptions.CultureInvariant);

    private static Regex AlternativeSuffix() => AlternativeSuffixRegex;
}
