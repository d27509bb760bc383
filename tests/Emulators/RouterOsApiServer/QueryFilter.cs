namespace FirewallGateway.Emulators.RouterOs;

/// <summary>The API query stack of <c>print</c> (PROTOCOLS.md 1.7): a row passes when no false remains.</summary>
internal static class QueryFilter
{
    public static bool Matches(IReadOnlyDictionary<string, string> row, IReadOnlyList<string> queries)
    {
        var stack = new List<bool>();
        foreach (string query in queries)
        {
            string q = query[1..];
            if (q.StartsWith('#'))
            {
                foreach (char op in q[1..])
                {
                    Apply(stack, op);
                }
            }
            else if (q.StartsWith('-'))
            {
                stack.Add(!row.ContainsKey(q[1..]));
            }
            else if (q.StartsWith('<') || q.StartsWith('>'))
            {
                var (name, value) = Split(q[1..]);
                int compare = row.TryGetValue(name, out string? actual) ? string.CompareOrdinal(actual, value) : 0;
                stack.Add(row.ContainsKey(name) && (q[0] == '<' ? compare < 0 : compare > 0));
            }
            else
            {
                string body = q.StartsWith('=') ? q[1..] : q;
                if (body.Contains('=', StringComparison.Ordinal))
                {
                    var (name, value) = Split(body);
                    stack.Add(row.TryGetValue(name, out string? actual) && actual == value);
                }
                else
                {
                    stack.Add(row.ContainsKey(body));
                }
            }
        }

        return stack.TrueForAll(v => v);
    }

    private static void Apply(List<bool> stack, char op)
    {
        switch (op)
        {
            case '|' or '&' when stack.Count >= 2:
                bool b = stack[^1], a = stack[^2];
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add(op == '|' ? a || b : a && b);
                break;
            case '!' when stack.Count >= 1:
                stack[^1] = !stack[^1];
                break;
            case '.' when stack.Count >= 1:
                stack.Add(stack[^1]);
                break;
            default:
                break;
        }
    }

    private static (string Name, string Value) Split(string body)
    {
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (body, string.Empty) : (body[..eq], body[(eq + 1)..]);
    }
}
