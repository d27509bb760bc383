using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>
/// Reads a fail2ban report body, JSON or form-encoded, with a hard size cap. Values may be JSON strings or
/// numbers (fail2ban's tags are text either way); anything else is a 400 naming the field.
/// </summary>
internal static class Fail2banBodyReader
{
    public static async Task<(Fail2banFields? Fields, Fail2banError? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        string? mediaType = request.ContentType is { } ct ? ct.Split(';', 2)[0].Trim().ToLowerInvariant() : null;
        bool json = mediaType is "application/json";
        if (!json && mediaType is not "application/x-www-form-urlencoded")
        {
            return (null, Fail2banError.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Fail2banError.TooLarge(maxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16_384));
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        return (null, Fail2banError.TooLarge(maxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return (null, Fail2banError.TooLarge(maxBytes));
                }
            }

            return json ? ParseJson(buffer.AsSpan(0, length)) : ParseForm(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (Fail2banFields?, Fail2banError?) ParseForm(ReadOnlySpan<byte> body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return (null, Fail2banError.BadBody("the form body is not valid UTF-8"));
        }

        var fields = new Fail2banFields();
        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count > 1)
            {
                return (null, Fail2banError.Invalid(name, "is given more than once"));
            }

            fields.Set(name, values.ToString());
        }

        return (fields, null);
    }

    private static (Fail2banFields?, Fail2banError?) ParseJson(ReadOnlySpan<byte> body)
    {
        var fields = new Fail2banFields();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, Fail2banError.BadBody("the JSON body must be an object"));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        fields.Set(name, reader.GetString()!);
                        break;
                    case JsonTokenType.Number:
                        fields.Set(name, Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        return (null, Fail2banError.Invalid(name, "must be a string or a number"));
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return (null, Fail2banError.BadBody("the JSON body has content after its object"));
            }
        }
        catch (JsonException ex)
        {
            return (null, Fail2banError.BadBody($"the body is not valid JSON: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            // Valid JSON that is no valid text: a lone escaped UTF-16 surrogate ("\uD800") cannot become a string.
            return (null, Fail2banError.BadBody($"the JSON body holds a string that is not valid Unicode: {ex.Message}"));
        }

        return (fields, null);
    }
}
