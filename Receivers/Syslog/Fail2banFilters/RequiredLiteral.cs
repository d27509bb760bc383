using System.Text;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// The longest run of plain text that every match of a .NET pattern must contain, found by reading the pattern:
/// an imported filter's ~20 failregexes are tried in order on every line, and a vectorised search for the text
/// (<c>Failed </c>, <c> LOGIN REFUSED FROM </c>, …) rejects almost all of them before the regex interpreter starts.
/// Only what is certainly required counts: the pattern's top-level sequence, and groups inside it that have no
/// alternative and no quantifier. Anything it does not understand ends a run (a shorter literal, never a wrong one);
/// a top-level <c>|</c>, case-insensitive or whitespace-ignoring options give no literal at all.
/// </summary>
internal static class RequiredLiteral
{
    /// <summary>Shorter runs are found in most lines and do not pay for the search.</summary>
    public const int MinimumLength = 3;

    /// <summary>The literal, or null when the pattern has none of <see cref="MinimumLength"/> characters or more.</summary>
    public static string? Of(string pattern, RegexOptions options)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if ((options & (RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)) != 0 || HasCaseOrSpaceFlag(pattern))
        {
            return null;
        }

        var runs = new Runs();
        return Sequence(pattern, 0, pattern.Length, runs) ? runs.Longest() : null;
    }

    /// <summary>
    /// Reads <paramref name="pattern"/>[<paramref name="start"/>..<paramref name="end"/>) as one sequence, adding
    /// its characters to the current run; false when the sequence has a top-level alternative (then it requires
    /// nothing in particular).
    /// </summary>
    private static bool Sequence(string pattern, int start, int end, Runs runs)
    {
        if (HasTopLevelAlternative(pattern, start, end))
        {
            return false;
        }

        int i = start;
        while (i < end)
        {
            char c = pattern[i];
            int next;
            switch (c)
            {
                case '\\':
                    next = Escape(pattern, i, out char? literal);
                    if (literal is { } escaped)
                    {
                        i = Literal(pattern, next, end, escaped, runs);
                        continue;
                    }

                    runs.Break();
                    i = SkipQuantifier(pattern, next, end);
                    continue;
                case '[':
                    runs.Break();
                    i = SkipQuantifier(pattern, ClassEnd(pattern, i), end);
                    continue;
                case '(':
                    int close = GroupEnd(pattern, i);
                    int after = SkipQuantifier(pattern, close + 1, end);
                    int body = TransparentBody(pattern, i);
                    if (after != close + 1 || body < 0 || !Sequence(pattern, body, close, runs))
                    {
                        // Optional, repeated, zero-width, conditional or with alternatives: nothing certain inside.
                        runs.Break();
                    }

                    i = after;
                    continue;
                case '.' or '^' or '$' or '|' or ')':
                    runs.Break();
                    i = SkipQuantifier(pattern, i + 1, end);
                    continue;
                default:
                    i = Literal(pattern, i + 1, end, c, runs);
                    continue;
            }
        }

        return true;
    }

    /// <summary>One literal character at <paramref name="next"/>-1; a quantifier after it makes it uncertain.</summary>
    private static int Literal(string pattern, int next, int end, char c, Runs runs)
    {
        int after = SkipQuantifier(pattern, next, end);
        if (after == next)
        {
            runs.Add(c);
        }
        else
        {
            runs.Break();
        }

        return after;
    }

    /// <summary>After a backslash at <paramref name="at"/>: the index past the escape, and its character if it is a plain one.</summary>
    private static int Escape(string pattern, int at, out char? literal)
    {
        literal = null;
        if (at + 1 >= pattern.Length)
        {
            return pattern.Length;
        }

        char c = pattern[at + 1];
        int i = at + 2;
        if (!char.IsAsciiLetterOrDigit(c))
        {
            literal = c;
            return i;
        }

        return c switch
        {
            'k' or 'p' or 'P' when i < pattern.Length && pattern[i] is '<' or '{' or '\'' => PastDelimited(pattern, i),
            'x' => Math.Min(pattern.Length, i + 2),
            'u' => Math.Min(pattern.Length, i + 4),
            'c' => Math.Min(pattern.Length, i + 1),
            _ when char.IsAsciiDigit(c) => SkipDigits(pattern, i),
            _ => i,
        };
    }

    /// <summary>Past <c>&lt;name&gt;</c>, <c>'name'</c> or <c>{Category}</c> opening at <paramref name="i"/>.</summary>
    private static int PastDelimited(string pattern, int i)
    {
        int close = pattern.IndexOf(pattern[i] switch { '<' => '>', '{' => '}', _ => '\'' }, i + 1);
        return close < 0 ? pattern.Length : close + 1;
    }

    private static int SkipDigits(string pattern, int i)
    {
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Past a quantifier (<c>* + ? {n} {n,} {n,m}</c>, lazy or not) at <paramref name="i"/>, or <paramref name="i"/> itself.</summary>
    private static int SkipQuantifier(string pattern, int i, int end)
    {
        if (i >= end)
        {
            return i;
        }

        int after;
        if (pattern[i] is '*' or '+' or '?')
        {
            after = i + 1;
        }
        else if (pattern[i] == '{' && CountedQuantifier().Match(pattern, i, end - i) is { Success: true } counted)
        {
            after = i + counted.Length;
        }
        else
        {
            return i;
        }

        return after < end && pattern[after] == '?' ? after + 1 : after;
    }

    /// <summary>The index past the character class opening at <paramref name="at"/> (subtractions included).</summary>
    private static int ClassEnd(string pattern, int at)
    {
        int i = at + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    i += 2;
                    break;
                case '[' when pattern[i - 1] == '-':
                    i = ClassEnd(pattern, i);
                    break;
                case ']':
                    return i + 1;
                default:
                    i++;
                    break;
            }
        }

        return pattern.Length;
    }

    /// <summary>The index of the <c>)</c> closing the group that opens at <paramref name="at"/>.</summary>
    private static int GroupEnd(string pattern, int at)
    {
        int depth = 0;
        for (int i = at; i < pattern.Length; i = Next(pattern, i))
        {
            if (pattern[i] == '(')
            {
                depth++;
            }
            else if (pattern[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return pattern.Length - 1;
    }

    /// <summary>Past the escape or character class at <paramref name="i"/>, or past any other single character.</summary>
    private static int Next(string pattern, int i) => pattern[i] switch
    {
        '\\' => i + 2,
        '[' => ClassEnd(pattern, i),
        _ => i + 1,
    };

    /// <summary>
    /// Where the content of a plain, non-capturing, named or atomic group opening at <paramref name="at"/> starts;
    /// -1 for lookarounds, conditionals, comments and inline options, which require no text of their own.
    /// </summary>
    private static int TransparentBody(string pattern, int at)
    {
        int i = at + 1;
        if (i >= pattern.Length || pattern[i] != '?')
        {
            return i;
        }

        if (i + 1 < pattern.Length && pattern[i + 1] is ':' or '>')
        {
            return i + 2;
        }

        if (i + 2 < pattern.Length && pattern[i + 1] is '<' or '\'' && pattern[i + 2] is not ('=' or '!'))
        {
            int close = pattern.IndexOf(pattern[i + 1] == '<' ? '>' : '\'', i + 2);
            return close < 0 ? -1 : close + 1;
        }

        return -1;
    }

    private static bool HasTopLevelAlternative(string pattern, int start, int end)
    {
        for (int i = start; i < end; i = pattern[i] == '(' ? GroupEnd(pattern, i) + 1 : Next(pattern, i))
        {
            if (pattern[i] == '|')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An inline <c>(?i)</c>, <c>(?x)</c> or <c>(?i:…)</c> anywhere changes what a character in the pattern matches.</summary>
    private static bool HasCaseOrSpaceFlag(string pattern) => InlineFlags().Matches(pattern).Any(m => m.Groups[1].Value.Contains('i', StringComparison.Ordinal) || m.Groups[1].Value.Contains('x', StringComparison.Ordinal));

    private static Regex CountedQuantifier() => CountedQuantifierRegex;

    private static Regex InlineFlags() => InlineFlagsRegex;

    private static readonly Regex CountedQuantifierRegex = new(@"\G\{\d+(?:,\d*)?\}", RegexOptions.CultureInvariant);

    private static readonly Regex InlineFlagsRegex = new(@"\(\?([imnsx]*(?:-[imnsx]+)?)[:)]", RegexOptions.CultureInvariant);

    /// <summary>The runs of literal characters met so far; <see cref="Break"/> ends the current one.</summary>
    private sealed class Runs
    {
        private readonly StringBuilder _current = new();
        private string _longest = string.Empty;

        public void Add(char c) => _current.Append(c);

        public void Break()
        {
            if (_current.Length > _longest.Length)
            {
                _longest = _current.ToString();
            }

            _current.Clear();
        }

        public string? Longest()
        {
            Break();
            return _longest.Length >= MinimumLength ? _longest : null;
        }
    }
}
