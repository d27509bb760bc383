using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Graylog 6.0.x rendered Custom HTTP templates without JSON-escaping the values (fixed in 6.1/6.2): a log line
/// with <c>"</c>, <c>\</c> or a newline makes the body invalid JSON, and Graylog 6 never retries, so refusing it
/// loses the ban. This reader re-escapes such a body: inside a string, a quote closes it only where the JSON that
/// must follow does follow (a <c>:</c> after a key; after a value <c>, "name":</c>, <c>}</c> or <c>]</c> then valid
/// structure), every other quote, every backslash and every control character is the value's own text. The
/// result is used only when it parses and no object has a key twice (a value that forged a key next to the real
/// one is ambiguous): otherwise the caller answers 400 as before.
/// </summary>
internal static class GraylogUnescapedJson
{
    private const int MaxKeyLength = 128;

    public static JsonDocument? TryRecover(ReadOnlySpan<byte> body, JsonDocumentOptions options)
    {
        string text = Encoding.UTF8.GetString(body);
        string repaired = Repair(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(repaired, options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (HasDuplicateKey(document.RootElement))
        {
            document.Dispose();
            return null;
        }

        return document;
    }

    internal static string Repair(string text)
    {
        var output = new StringBuilder(text.Length + 64);
        var containers = new Stack<char>();
        bool inString = false, isKey = false, expectKey = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!inString)
            {
                output.Append(c);
                switch (c)
                {
                    case '{': containers.Push('{'); expectKey = true; break;
                    case '[': containers.Push('['); expectKey = false; break;
                    case '}' or ']': _ = containers.TryPop(out _); expectKey = false; break;
                    case ',': expectKey = containers.TryPeek(out char top) && top == '{'; break;
                    case ':': expectKey = false; break;
                    case '"': inString = true; isKey = expectKey; break;
                    default: break;
                }

                continue;
            }

            if (c == '"' && Closes(text, i + 1, isKey, containers.TryPeek(out char container) ? container : '\0'))
            {
                output.Append('"');
                inString = false;
                expectKey = false;
            }
            else if (c is '"' or '\\')
            {
                output.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    /// <summary>Whether a quote before <paramref name="at"/> ends the string: what must follow it in JSON does.</summary>
    private static bool Closes(string text, int at, bool isKey, char container)
    {
        int k = SkipSpace(text, at);
        if (isKey)
        {
            return k < text.Length && text[k] == ':';
        }

        if (k == text.Length)
        {
            return true;
        }

        return text[k] switch
        {
            ',' when container == '{' => IsKeyStart(text, SkipSpace(text, k + 1)),
            ',' when container == '[' => IsValueStart(text, SkipSpace(text, k + 1)),
            '}' or ']' => IsAfterValue(text, SkipSpace(text, k + 1)),
            _ => false,
        };
    }

    /// <summary><c>"name"</c> then <c>:</c>, the name without quotes or backslashes.</summary>
    private static bool IsKeyStart(string text, int k)
    {
        if (k >= text.Length || text[k] != '"')
        {
            return false;
        }

        // Looked for within a key's length only: the scan stays linear however many quotes a body holds.
        int length = text.AsSpan(k + 1, Math.Min(MaxKeyLength + 1, text.Length - k - 1)).IndexOf('"');
        if (length < 0 || text.AsSpan(k + 1, length).ContainsAny('\\', '\n'))
        {
            return false;
        }

        int end = k + 1 + length;

        int colon = SkipSpace(text, end + 1);
        return colon < text.Length && text[colon] == ':';
    }

    private static bool IsValueStart(string text, int k) =>
        k < text.Length && (text[k] is '"' or '{' or '[' or '-' or 't' or 'f' or 'n' || char.IsAsciiDigit(text[k]));

    private static bool IsAfterValue(string text, int k) => k == text.Length || text[k] is ',' or '}' or ']';

    private static int SkipSpace(string text, int k)
    {
        while (k < text.Length && text[k] is ' ' or '\t' or '\r' or '\n')
        {
            k++;
        }

        return k;
    }

    private static bool HasDuplicateKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Add(property.Name) || HasDuplicateKey(property.Value))
                {
                    return true;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (HasDuplicateKey(item))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
