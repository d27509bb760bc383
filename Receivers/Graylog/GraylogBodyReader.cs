using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Reads a notification body as JSON with a hard size cap, before anything else looks at it.</summary>
internal static class GraylogBodyReader
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads and parses the body. With <paramref name="recoverUnescaped"/> (Custom HTTP bodies, rendered from a
    /// template) an invalid body is given to <see cref="GraylogUnescapedJson"/>; <c>Recovered</c> says it was.
    /// </summary>
    public static async Task<(JsonDocument? Document, GraylogError? Error, bool Recovered)> ReadAsync(
        HttpRequest request, int maxBytes, bool recoverUnescaped, CancellationToken cancellationToken)
    {
        // Graylog sends application/json (v2 adds "; charset=utf-8"); a custom notification set to PLAIN_TEXT
        // sends text/plain with the same rendered JSON.
        string? mediaType = request.ContentType is { } ct ? ct.Split(';', 2)[0].Trim().ToLowerInvariant() : null;
        if (mediaType is not (null or "application/json" or "text/plain"))
        {
            return (null, GraylogError.UnsupportedMediaType(request.ContentType), false);
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, GraylogError.TooLarge(maxBytes), false);
        }

        var buffer = new byte[(int)Math.Min(request.ContentLength ?? 16_384, maxBytes) + 1];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return (null, GraylogError.TooLarge(maxBytes), false);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }

            int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > maxBytes)
            {
                return (null, GraylogError.TooLarge(maxBytes), false);
            }
        }

        if (length == 0)
        {
            return (null, GraylogError.BadBody("the body is empty; Graylog sends the notification as a JSON object"), false);
        }

        try
        {
            return (JsonDocument.Parse(buffer.AsMemory(0, length), ParseOptions), null, false);
        }
        catch (JsonException ex)
        {
            if (recoverUnescaped && GraylogUnescapedJson.TryRecover(buffer.AsSpan(0, length), ParseOptions) is { } recovered)
            {
                return (recovered, null, true);
            }

            string hint = recoverUnescaped
                ? " (Graylog 6.0.x does not escape template values: upgrade to 6.1+ or use samples/graylog/custom-notification-template-6.0.json)"
                : string.Empty;
            return (null, GraylogError.BadBody($"the body is not valid JSON: {GraylogError.Shorten(ex.Message)}{hint}"), false);
        }
    }
}
