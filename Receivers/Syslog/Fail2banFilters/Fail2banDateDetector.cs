using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// Finds the timestamp fail2ban would cut out of a line before its regexes run (the filter's
/// <c>datepattern</c>, or fail2ban's default templates), so imported filters see the text fail2ban's see.
/// fail2ban reorders its templates by hits; this keeps its first-line choice on every line: a template anchored
/// at the line start wins at once, otherwise the match nearest the line start.
/// </summary>
internal sealed partial class Fail2banDateDetector
{
    private static readonly string[] DefaultPatterns =
    [
        @"%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\s*%z)?",
        @"(?:%a )?%b %d %k:%M:%S(?:\.%f)?(?: %ExY)?",
        @"(?:%a )?%b %d %ExY %k:%M:%S(?:\.%f)?",
        @"%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S",
        @"%d(?P<_sep>[-/])%b(?P=_sep)%ExY[ :]?%H:%M:%S(?:\.%f)?(?: %z)?",
        @"%m/%d/%ExY:%H:%M:%S",
        @"%m-%d-%ExY %k:%M:%S(?:\.%f)?",
        "EPOCH",
        "{^LN-BEG}%H:%M:%S",
        "^<%m/%d/%Exy@%H:%M:%S>",
        @"%Exy%Exm%Exd  ?%H:%M:%S",
        "%b %d, %ExY %I:%M:%S %p",
        "^%b-%d-%Exy %k:%M:%S",
        @"%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\s*%z)?",
        @"(?:%Z )?(?:%a )?%b %d %k:%M:%S(?:\.%f)?(?: %ExY)?",
        @"(?:%z )?(?:%a )?%b %d %k:%M:%S(?:\.%f)?(?: %ExY)?",
        "TAI64N",
    ];

    private const string EpochBody = @"\d{10,11}\b(?:\.\d{3,6})?";
    private const string LongEpochBody = @"\d{10,11}(?:\d{3}(?:\.\d{1,6}|\d{3})?)?";
    private const string EpochAnywhere = @"((?:^|(?P<square>(?<=^\[))|(?P<selinux>(?<=\baudit\()))" + EpochBody + @")(?:(?(selinux)(?=:\d+\)))|(?(square)(?=\])))";
    private const string Tai64 = "@[0-9a-f]{24}";

    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);
    private readonly Template[] _templates;

    private Fail2banDateDetector(IEnumerable<Template> templates) => _templates = [.. templates];

    /// <summary>The detector for a filter's <c>datepattern</c> (null: fail2ban's defaults); throws when it has no .NET form.</summary>
    public static Fail2banDateDetector For(string? datePattern)
    {
        if (datePattern is null || datePattern.Trim() is "{DEFAULT}")
        {
            return new Fail2banDateDetector(AllDefaults(lineBeginOnly: false));
        }

        var templates = new List<Template>();
        foreach (string line in datePattern.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string key = line.Contains('%', StringComparison.Ordinal) ? line : line.ToUpperInvariant();
            if (key is "{^LN-BEG}" or "{DEFAULT}")
            {
                templates.AddRange(AllDefaults(lineBeginOnly: key == "{^LN-BEG}"));
            }
            else if (key.Contains("{DATE}", StringComparison.Ordinal))
            {
                templates.AddRange(DefaultPatterns.Select(p => Pattern(line.Replace("{DATE}", Unbound(Source(p)), StringComparison.Ordinal))));
            }
            else
            {
                templates.Add(key == "{NONE}" ? Pattern("{UNB}^") : Named(key, line));
            }
        }

        return new Fail2banDateDetector(templates.Distinct());
    }

    /// <summary>The .NET regexes of the templates, with their options (what <see cref="Fail2banLibraryRegexes"/> precompiles).</summary>
    public IEnumerable<(string Pattern, RegexOptions Options)> Regexes => _templates.Select(t => (t.Pattern, t.Options & ~RegexOptions.Compiled));

    /// <summary>
    /// The span fail2ban removes (its group 1), or false when no template matches. <paramref name="last"/> is the
    /// template that matched last (-1 at first; fail2ban tries it first too: one regex per line in a steady log),
    /// kept by the caller, so the detector itself holds no state and threads may share it.
    /// </summary>
    public bool TryFind(string line, ref int last, out int start, out int length)
    {
        Match? best = null;
        if (last >= 0 && _templates[last].Regex.Match(line, 0, line.Length) is { Success: true } again)
        {
            best = again;
        }
        else
        {
            best = Search(line, ref last);
        }

        var group = best?.Groups[1];
        start = group?.Index ?? 0;
        length = group?.Length ?? 0;
        return best is not null;
    }

    private Match? Search(string line, ref int last)
    {
        Match? best = null;
        int bestIndex = -1;
        for (int i = 0; i < _templates.Length; i++)
        {
            var template = _templates[i];
            var match = template.Regex.Match(line, 0, line.Length);
            if (!match.Success)
            {
                continue;
            }

            if (template.LineBegin || template.LineEnd || match.Index <= 1)
            {
                best = match;
                bestIndex = i;
                break;
            }

            if (best is null || match.Index < best.Index)
            {
                best = match;
                bestIndex = i;
            }
        }

        // Only an anchored template is tried first next time: an unanchored one may have beaten a nearer date.
        last = bestIndex >= 0 && (_templates[bestIndex].LineBegin || _templates[bestIndex].LineEnd) ? bestIndex : -1;
        return best;
    }

    /// <summary>
    /// fail2ban's template list: anchored copies of the unanchored defaults first, then every default (with
    /// <paramref name="lineBeginOnly"/>, fail2ban's <c>{^LN-BEG}</c>: the anchored ones only).
    /// </summary>
    private static IEnumerable<Template> AllDefaults(bool lineBeginOnly)
    {
        static bool Anchored(string p) => p.StartsWith('^') || p.StartsWith("{^LN-BEG}", StringComparison.Ordinal);
        var anchored = DefaultPatterns.Where(p => !Anchored(p)).Select(p => Named("{^LN-BEG}" + p, "{^LN-BEG}" + p));
        var all = DefaultPatterns.Where(p => !lineBeginOnly || Anchored(p)).Select(p => Named(p, p));
        return anchored.Concat(all);
    }

    private static Template Named(string key, string pattern) => key switch
    {
        "EPOCH" => Cached(key, () => Build(EpochAnywhere, wordBegin: false, wordEnd: true)),
        "{^LN-BEG}EPOCH" or "^EPOCH" => Cached(key, () => Build(@"((?P<square>(?<=^\[))?" + EpochBody + @")(?(square)(?=\]))", wordBegin: null, wordEnd: true)),
        "LEPOCH" => Cached(key, () => Build(EpochAnywhere.Replace(EpochBody, LongEpochBody, StringComparison.Ordinal), wordBegin: false, wordEnd: true)),
        "{^LN-BEG}LEPOCH" or "^LEPOCH" => Cached(key, () => Build(@"((?P<square>(?<=^\[))?" + LongEpochBody + @")(?(square)(?=\]))", wordBegin: null, wordEnd: true)),
        "TAI64N" => Cached(key, () => Build(Tai64, wordBegin: false, wordEnd: true)),
        "{^LN-BEG}TAI64N" or "^TAI64N" => Cached(key, () => Build(Tai64, wordBegin: null, wordEnd: true)),
        _ when EpochTag().IsMatch(pattern) => Cached(pattern, () => Build("(" + EpochTag().Replace(pattern, m => "(" + (m.Value.Contains('L', StringComparison.OrdinalIgnoreCase) ? LongEpochBody : EpochBody) + ")") + ")", wordBegin: true, wordEnd: true)),
        _ => Pattern(pattern),
    };

    /// <summary>The strftime text of a default template, or its regex for EPOCH/TAI64N (as fail2ban wraps them in {DATE}).</summary>
    private static string Source(string pattern) => pattern switch
    {
        "EPOCH" => EpochAnywhere,
        "TAI64N" => Tai64,
        _ => pattern,
    };

    /// <summary>fail2ban's DatePatternRegex: strftime fields to regex, <c>{UNB}</c> / <c>{^LN-BEG}</c> prefixes honoured.</summary>
    private static Template Pattern(string pattern) => Cached(pattern, () =>
    {
        bool? wordBegin = true;
        bool wordEnd = true;
        string body = pattern;
        if (body.StartsWith("{UNB}", StringComparison.Ordinal))
        {
            body = body[5..];
            wordBegin = false;
            wordEnd = false;
        }
        else if (body.StartsWith("{^LN-BEG}", StringComparison.Ordinal))
        {
            body = body[9..];
            wordBegin = null;
        }

        bool ignoreCase = AlphaField().IsMatch(body);
        string regex = Fields().Replace(body, m => Field(m.Groups[1].Value));
        return Build(regex, wordBegin, wordEnd, ignoreCase);
    });

    /// <summary>fail2ban's DateTemplate.setRegex; <paramref name="wordBegin"/> null means "at line start" ('start').</summary>
    private static Template Build(string regex, bool? wordBegin, bool wordEnd, bool ignoreCase = false)
    {
        regex = regex.Trim();
        string flags = string.Empty;
        if (GlobalFlags().Match(regex) is { Success: true } flag)
        {
            flags = flag.Value;
            regex = GlobalFlags().Replace(regex, string.Empty, 1);
        }

        bool boundBegin = wordBegin != false && !NoWordBoundBegin().IsMatch(regex);
        bool boundEnd = wordEnd && !NoWordBoundEnd().IsMatch(regex);
        if (!Grouped().IsMatch(regex))
        {
            var parts = Ungrouped().Match(regex);
            regex = $"{parts.Groups[1].Value}({parts.Groups[2].Value}){parts.Groups[3].Value}";
        }

        bool lineBegin = false;
        if (boundBegin)
        {
            lineBegin = wordBegin is null;
            regex = (wordBegin is null ? @"^(?:\W{0,2})?" : @"(?=^|\b|\W)") + regex;
        }

        if (boundEnd)
        {
            regex += @"(?=\b|\W|$)";
        }

        lineBegin |= LineBoundBegin().IsMatch(regex);
        bool lineEnd = LineBoundEnd().IsMatch(regex);
        regex = DeleteWordBounds().Replace(regex, m => m.Value.Replace("**", string.Empty, StringComparison.Ordinal));
        string translated = Fail2banRegexTranslator.Translate(flags + regex);
        var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _ = new Regex(translated, options & ~RegexOptions.Compiled); // a pattern without a .NET form fails at load, not on a line
        return new Template(
            translated,
            options,
            new Lazy<HotRegex>(() => Fail2banLibraryRegexes.Find(translated, options) is { } precompiled
                ? new HotRegex(precompiled, precompiled: true)
                : new HotRegex(Fail2banFilter.Warm(new Regex(translated, options, Fail2banFilter.MatchTimeout)))),
            lineBegin,
            lineEnd);
    }

    private static Template Cached(string key, Func<Template> build) => Cache.GetOrAdd(key, _ => build());

    /// <summary>fail2ban's DateTemplate.unboundPattern: the pattern without its boundary prefixes/suffix.</summary>
    private static string Unbound(string pattern)
    {
        foreach (string prefix in (string[])["{UNB}", "{^LN-BEG}", "(?:^|\\b|\\W)", "(^|\\b|\\W)"])
        {
            if (pattern.StartsWith(prefix, StringComparison.Ordinal))
            {
                pattern = pattern[prefix.Length..];
            }
        }

        return pattern.EndsWith(@"(?=\b|\W|$)", StringComparison.Ordinal) ? pattern[..^11] : pattern;
    }

    /// <summary>fail2ban's timeRE entries (with Python's C-locale names), capture groups dropped.</summary>
    private static string Field(string field) => field switch
    {
        "%" => "%",
        "a" => "(?:mon|tue|wed|thu|fri|sat|sun)",
        "A" => "(?:wednesday|thursday|saturday|tuesday|monday|friday|sunday)",
        "b" => "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
        "B" => "(?:september|february|november|december|january|october|august|march|april|june|july|may)",
        "p" => "(?:am|pm)",
        "f" => "[0-9]{1,6}",
        "j" => @"(?:36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
        "y" or "Exy" => @"\d\d",
        "I" => "(?:1[0-2]|0[1-9]|[1-9])",
        "U" or "W" => @"(?:5[0-3]|[0-4]\d|\d)",
        "w" => "[0-6]",
        "k" => @" ?(?:[0-2]?\d)",
        "l" => @" ?(?:1?\d)",
        "Z" => "(?:Z|[A-Z]{3,5})",
        "z" => @"(?:Z|UTC|GMT|[+-][01]\d(?::?\d{2})?)",
        "ExZ" => "(?:[A-Z](?:[A-Z]{2,4})?)",
        "Exz" => @"(?:(?:[A-Z](?:[A-Z]{2,4})?)?[+-][01]\d(?::?\d{2})?|[A-Z](?:[A-Z]{2,4})?)",
        "d" => @"(?:[1-2]\d|[0 ]?[1-9]|3[0-1])",
        "m" => "(?:0?[1-9]|1[0-2])",
        "Y" => @"\d{4}",
        "H" => @"(?:[0-1]?\d|2[0-3])",
        "M" => @"(?:[0-5]?\d)",
        "S" => @"(?:[0-5]?\d|6[0-1])",
        "Exd" => @"(?:[1-2]\d|0[1-9]|3[0-1])",
        "Exm" => "(?:0[1-9]|1[0-2])",
        "ExH" => @"(?:[0-1]\d|2[0-3])",
        "Exk" => @" ?(?:[0-1]?\d|2[0-3])",
        "Exl" => @" ?(?:1[0-2]|\d)",
        "ExM" => @"(?:[0-5]\d)",
        "ExS" => @"(?:[0-5]\d|6[0-1])",
        "ExY" => YearsNearNow(),
        _ => throw new NotSupportedException($"date field %{field} is not supported"),
    };

    /// <summary>fail2ban's %ExY: four-digit years from 2000 to three years ahead (by their first three digits).</summary>
    internal static string YearsNearNow()
    {
        int now = TimeProvider.System.GetUtcNow().Year;
        var decades = new SortedSet<string>(StringComparer.Ordinal);
        for (int year = 1999; year <= now + 3; year++)
        {
            decades.Add(year.ToString(CultureInfo.InvariantCulture)[..3]);
        }

        decades.Remove("199");
        return $@"(?:{string.Join('|', decades)})\d";
    }

    /// <summary>A template; its regex is compiled on first use (most filters only ever use one or two of them).</summary>
    private sealed record Template(string Pattern, RegexOptions Options, Lazy<HotRegex> Compiled, bool LineBegin, bool LineEnd)
    {
        /// <summary>The regex; a precompiled one has a copy per core, as the lines are scanned on every core.</summary>
        public HotRegex Regex => Compiled.Value;
    }

    [GeneratedRegex(@"%(%|ExY|Exy|ExZ|Exz|Exd|Exm|ExH|Exk|Exl|ExM|ExS|[a-zA-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex Fields();

    [GeneratedRegex(@"(?<!%)%[aAbBpc]", RegexOptions.CultureInvariant)]
    private static partial Regex AlphaField();

    [GeneratedRegex(@"(?<!\\)\{L?EPOCH\}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EpochTag();

    [GeneratedRegex(@"((?:^|(?!<\\))\(\?[a-z]+\))", RegexOptions.CultureInvariant)]
    private static partial Regex GlobalFlags();

    [GeneratedRegex(@"(?<!(?:\(\?))(?<!\\)\((?!\?)", RegexOptions.CultureInvariant)]
    private static partial Regex Grouped();

    [GeneratedRegex(@"^((?:\(\?\w+\))?\^?(?:\(\?\w+\))?)(.*?)(\$?)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Ungrouped();

    [GeneratedRegex(@"^\(*(?:\(\?\w+\))?(?:\^|\(*\*\*|\((?:\?:)?\^)", RegexOptions.CultureInvariant)]
    private static partial Regex NoWordBoundBegin();

    [GeneratedRegex(@"(?<!\\)(?:\$\)?|\\b|\\s|\*\*\)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NoWordBoundEnd();

    [GeneratedRegex(@"^(?:\(\?\w+\))?(?:\^|\((?:\?:)?\^(?!\|))", RegexOptions.CultureInvariant)]
    private static partial Regex LineBoundBegin();

    [GeneratedRegex(@"(?<![\\\|])(?:\$\)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex LineBoundEnd();

    [GeneratedRegex(@"^\(*(?:\(\?\w+\))?\(*\*\*|(?<!\\)\*\*\)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DeleteWordBounds();
}
