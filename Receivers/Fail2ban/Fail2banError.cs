using Microsoft.AspNetCore.Http;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>A refused request: the HTTP status, a stable code, the offending field and a sentence saying why.</summary>
internal sealed record Fail2banError(int Status, string Error, string? Field, string Detail)
{
    public static Fail2banError UnsupportedMediaType(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", null,
            $"send application/json or application/x-www-form-urlencoded, not '{Shorten(contentType ?? "(none)")}'");

    public static Fail2banError TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "body-too-large", null, $"the body is larger than {maxBytes} bytes");

    public static Fail2banError BadBody(string detail) => new(StatusCodes.Status400BadRequest, "bad-body", null, detail);

    public static Fail2banError Invalid(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "invalid-field", Shorten(field), $"{Shorten(field)} {detail}");

    /// <summary>Echoed input is cut so an error answer never carries a large or hostile payload back.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
