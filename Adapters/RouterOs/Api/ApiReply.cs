namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>The kind of a reply sentence (its first word).</summary>
internal enum ApiReplyKind
{
    Re,
    Done,
    Trap,
    Fatal,
    Empty,
}

/// <summary>
/// One reply sentence split into its parts: <c>=name=value</c> attributes (split on the second '=' only, so
/// values may contain '='), the <c>.tag</c>, and bare words (the reason of a <c>!fatal</c>).
/// </summary>
internal sealed class ApiReply
{
    private ApiReply(ApiReplyKind kind, string? tag, Dictionary<string, string> attributes, List<string> bareWords)
    {
        Kind = kind;
        Tag = tag;
        Attributes = attributes;
        BareWords = bareWords;
    }

    public ApiReplyKind Kind { get; }

    public string? Tag { get; }

    public IReadOnlyDictionary<string, string> Attributes { get; }

    public IReadOnlyList<string> BareWords { get; }

    /// <summary>Parses a sentence from the router; an unknown reply word is a protocol error.</summary>
    public static ApiReply Parse(IReadOnlyList<string> words)
    {
        var kind = words[0] switch
        {
            "!re" => ApiReplyKind.Re,
            "!done" => ApiReplyKind.Done,
            "!trap" => ApiReplyKind.Trap,
            "!fatal" => ApiReplyKind.Fatal,
            "!empty" => ApiReplyKind.Empty,
            var other => throw new RouterOsProtocolException($"the router sent '{Printable(other)}' where a reply word (!re, !done, !trap, !fatal, !empty) belongs"),
        };

        string? tag = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var bare = new List<string>();
        for (int i = 1; i < words.Count; i++)
        {
            string word = words[i];
            if (word.StartsWith(".tag=", StringComparison.Ordinal))
            {
                tag = word[5..];
            }
            else if (word.Length > 1 && word[0] == '=' && word.IndexOf('=', 1) is var second and > 0)
            {
                attributes[word[1..second]] = word[(second + 1)..];
            }
            else
            {
                bare.Add(word);
            }
        }

        return new ApiReply(kind, tag, attributes, bare);
    }

    /// <summary>The reason of a <c>!fatal</c>: a bare word on real routers, <c>=message=</c> in some fakes.</summary>
    public string FatalReason =>
        BareWords.Count > 0 ? string.Join(' ', BareWords)
        : Attributes.TryGetValue("message", out string? message) ? message
        : "no reason given";

    /// <summary>A word cut to a short, printable form for error messages (it may be garbage).</summary>
    public static string Printable(string word)
    {
        var chars = word.Take(40).Select(c => char.IsControl(c) || c > '~' ? '?' : c).ToArray();
        return new string(chars) + (word.Length > 40 ? "..." : string.Empty);
    }
}
