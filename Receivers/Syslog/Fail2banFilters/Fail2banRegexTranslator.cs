using System.Text;
using System.Text.RegularExpressions;

namespace FirewallGateway.Receivers.Syslog.Fail2banFilters;

/// <summary>
/// Turns a fail2ban regex (Python <c>re</c> syntax plus fail2ban's tags) into a .NET pattern: <c>&lt;HOST&gt;</c>
/// and <c>&lt;ADDR&gt;</c> become fail2ban's own address patterns with groups <c>ip4</c>/<c>ip6</c> (the gateway
/// never resolves names, as <c>fail2ban-regex --usedns no</c>), <c>&lt;F-NAME&gt;…&lt;/F-NAME&gt;</c> a group
/// <c>name</c> (lower case, <c>F-ID</c> → <c>fid</c>), <c>(?P&lt;n&gt;</c> → <c>(?&lt;n&gt;</c>, <c>(?P=n)</c> →
/// <c>\k&lt;n&gt;</c>, <c>{,n}</c> → <c>{0,n}</c>, <c>\Z</c> → <c>\z</c>, and a <c>[</c> inside a class is
/// escaped (.NET would read <c>-[</c> as class subtraction). What has no .NET form throws with the reason.
/// </summary>
internal static partial class Fail2banRegexTranslator
{
    public const string Ip4 = @"(?:\d{1,3}\.){3}\d{1,3}";
    public const string Ip6 = @"(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):)";

    private static readonly string Ip4Group = $"(?:::f{{4,6}}:)?(?<ip4>{Ip4})";
    private static readonly string Ip6Group = $"(?<ip6>{Ip6})";
    private static readonly string Address = $@"\[?(?:{Ip4Group}|{Ip6Group})\]?";

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["HOST"] = Address,
        ["ADDR"] = Address,
        ["F-ADDR/"] = Address,
        ["IP4"] = Ip4Group,
        ["F-IP4/"] = Ip4Group,
        ["IP6"] = Ip6Group,
        ["F-IP6/"] = Ip6Group,
        ["CIDR"] = @"(?<cidr>\d+)",
        ["F-CIDR/"] = @"(?<cidr>\d+)",
        ["SUBNET"] = $@"\[?(?:{Ip4Group}|{Ip6Group})(?:/(?<cidr>\d+))?\]?",
        ["F-SUBNET/"] = $@"\[?(?:{Ip4Group}|{Ip6Group})(?:/(?<cidr>\d+))?\]?",
        ["DNS"] = @"(?<dns>[\w\-.^_]*\w)",
        ["F-DNS/"] = @"(?<dns>[\w\-.^_]*\w)",
        ["F-ID/"] = @"(?<fid>\S+)",
        ["F-PORT/"] = @"(?<fport>\w+)",
    };

    /// <summary>The .NET pattern for one fail2ban regex line; throws <see cref="NotSupportedException"/> with the reason.</summary>
    public static string Translate(string regex)
    {
        if (regex.Contains("<SKIPLINES>", StringComparison.Ordinal))
        {
            throw new NotSupportedException("<SKIPLINES> needs multi-line buffering (maxlines), which the gateway does not do");
        }

        return Python(ResolveTags(regex));
    }

    /// <summary>fail2ban's Regex._resolveHostTag: known tags, then F-* groups (a close tag without an open one stays literal).</summary>
    private static string ResolveTags(string regex)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        return FailTag().Replace(regex, m =>
        {
            string tag = m.Value[1..^1];
            if (Tags.TryGetValue(tag, out var pattern))
            {
                return pattern;
            }

            var custom = CustomTag().Match(tag);
            if (!custom.Success)
            {
                return m.Value;
            }

            string name = custom.Groups[2].Value;
            if (custom.Groups[1].Length > 0)
            {
                return open.Contains(name) ? ")" : m.Value;
            }

            open.Add(name);
            return $"(?<{GroupName(name)}>";
        });
    }

    /// <summary>fail2ban's mapTag2Opt: lower case, <c>ID</c> → <c>fid</c>, <c>PORT</c> → <c>fport</c>.</summary>
    private static string GroupName(string tag)
    {
        string name = tag.ToLowerInvariant();
        name = name switch { "id" => "fid", "port" => "fport", _ => name };
        return name.Replace('-', '_');
    }

    private static string Python(string regex)
    {
        var result = new StringBuilder(regex.Length + 16);
        bool inClass = false;
        int classStart = -1;
        for (int i = 0; i < regex.Length; i++)
        {
            char c = regex[i];
            if (c == '\\' && i + 1 < regex.Length)
            {
                char next = regex[i + 1];
                result.Append(next == 'Z' && !inClass ? @"\z" : regex.AsSpan(i, 2));
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']' && i > classStart)
                {
                    inClass = false;
                }

                result.Append(c == '[' ? @"\[" : c.ToString());
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    result.Append(c);
                    // A ']' right after '[' or '[^' is a literal in both dialects.
                    if (i + 1 < regex.Length && regex[i + 1] == '^')
                    {
                        result.Append('^');
                        i++;
                    }

                    classStart = i + 1;
                    if (i + 1 < regex.Length && regex[i + 1] == ']')
                    {
                        result.Append(@"\]");
                        i++;
                    }

                    break;
                case '(' when regex.AsSpan(i).StartsWith("(?P<"):
                    result.Append("(?<");
                    i += 3;
                    break;
                case '(' when regex.AsSpan(i).StartsWith("(?P="):
                    int close = regex.IndexOf(')', i);
                    result.Append(@"\k<").Append(regex.AsSpan(i + 4, close - i - 4)).Append('>');
                    i = close;
                    break;
                case '{' when i + 1 < regex.Length && regex[i + 1] == ',' && i > 0:
                    result.Append("{0");
                    break;
                case '*' or '+' or '?' when i + 1 < regex.Length && regex[i + 1] == '+' && i > 0 && regex[i - 1] != '(':
                    throw new NotSupportedException($"possessive quantifier '{c}+' at {i} has no .NET form");
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"</?[\w\-]+/?>", RegexOptions.CultureInvariant)]
    private static partial Regex FailTag();

    [GeneratedRegex(@"^(/?)F-([A-Z0-9_\-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomTag();
}
