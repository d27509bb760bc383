using System.Globalization;
using System.Text;

namespace FirewallGateway.Core.Diagnostics;

/// <summary>
/// Makes attacker-chosen text (a report's jail, reason, evidence, a Graylog event id...) safe to print on a
/// terminal or in a log: control characters are written as visible escapes, so a value can neither start a
/// forged log line (<c>\n</c>) nor drive the terminal (ESC sequences), nor reorder what is shown (bidi controls).
/// </summary>
public static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> with every control character escaped: <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\e</c> (ESC),
    /// <c>\xNN</c> for other C0/C1 controls and DEL, <c>\uNNNN</c> for line/paragraph separators and bidi controls.
    /// Returns the same instance when nothing needs escaping (the common case costs one scan, no allocation).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            AppendEscaped(escaped, text[i]);
        }

        return escaped.ToString();
    }

    /// <summary>True for a character <see cref="Escape"/> rewrites.</summary>
    public static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';

    /// <summary>Appends <paramref name="c"/>, escaped when <see cref="IsUnsafe"/>.</summary>
    public static void AppendEscaped(StringBuilder builder, char c)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (c)
        {
            case '\n': builder.Append("\\n"); break;
            case '\r': builder.Append("\\r"); break;
            case '\t': builder.Append("\\t"); break;
            case '\u001b': builder.Append("\\e"); break;
            case < ' ' or (>= '\u007f' and <= '\u009f'):
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                break;
            default:
                if (IsUnsafe(c))
                {
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }

                break;
        }
    }

    private static int IndexOfUnsafe(string text, int start)
    {
        for (int i = start; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
