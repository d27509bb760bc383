using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Reads a notification body as JSON with a hard size cap, before anything else looks at it.</summary>
internal static class GraylogBodyReader
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public static async Task<(JsonDocument? Document, GraylogError? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        // Graylog sends application/json (v2 adds "; charset=utf-8"); a custom notification set to PLAIN_TEXT
        // sends text/plain with the same rendered JSON.
        string? mediaType = request.ContentType is { } ct ? ct.Split(';', 2)[0].Trim().ToLowerInvariant() : null;
        if (mediaType is not (null or "application/json" or "text/plain"))
        {
            return (null, GraylogError.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, GraylogError.TooLarge(maxBytes));
        }

        var buffer = new byte[(int)Math.Min(request.ContentLength ?? 16_384, maxBytes) + 1];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return (null, GraylogError.TooLarge(maxBytes));
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
                return (null, GraylogError.TooLarge(maxBytes));
            }
        }

        if (length == 0)
        {
            return (null, GraylogError.BadBody("the body is empty; Graylog sends the notification as a JSON object"));
        }

        try
        {
            return (JsonDocument.Parse(buffer.AsMemory(0, length), ParseOptions), null);
        }
        catch (JsonException ex)
        {
            return (null, GraylogError.BadBody($"the body is not valid JSON: {GraylogError.Shorten(ex.Message)}"));
        }
    }
}
