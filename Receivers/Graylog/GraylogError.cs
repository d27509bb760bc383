using Microsoft.AspNetCore.Http;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>A refused notification: the HTTP status, a stable code, the offending field and a sentence saying why.</summary>
internal sealed record GraylogError(int Status, string Error, string? Field, string Detail)
{
    public static GraylogError UnsupportedMediaType(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", null,
            $"send application/json (Graylog's JSON notification body), not '{Shorten(contentType ?? "(none)")}'");

    public static GraylogError TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "body-too-large", null,
            $"the body is larger than {maxBytes} bytes (Receivers:Graylog:MaxBodyBytes); lower the event definition's backlog size");

    public static GraylogError BadBody(string detail) => new(StatusCodes.Status400BadRequest, "bad-body", null, detail);

    public static GraylogError Missing(string field) =>
        new(StatusCodes.Status400BadRequest, "missing-field", field, $"{field} is required");

    public static GraylogError WrongType(string field, string expected) =>
        new(StatusCodes.Status400BadRequest, "invalid-field", Shorten(field), $"{Shorten(field)} must be {expected}");

    /// <summary>Echoed input is cut so an error answer never carries a large or hostile payload back.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
