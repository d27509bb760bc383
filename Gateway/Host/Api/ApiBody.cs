using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FirewallGateway.Api;

/// <summary>
/// Reads a JSON request body with a size cap and turns every problem into a 4xx with a reason (415 wrong
/// content type, 413 too large, 400 not JSON or wrong types with the JSON path), instead of a bare 400.
/// </summary>
internal static class ApiBody
{
    private const int MaxBytes = 65_536;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "send application/json"));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, "body-too-large", $"the body is larger than {MaxBytes} bytes"));
        }

        using var limited = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (limited.Length + read > MaxBytes)
            {
                return (null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, "body-too-large", $"the body is larger than {MaxBytes} bytes"));
            }

            limited.Write(buffer, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize(limited.GetBuffer().AsSpan(0, (int)limited.Length), typeInfo);
            return value is null
                ? (null, ApiResults.Error(StatusCodes.Status400BadRequest, "bad-body", "the body must be a JSON object"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, "bad-body", $"the body is not valid JSON for this request: {ex.Message}", ex.Path));
        }
    }
}
