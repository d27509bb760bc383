using System.Text.Json;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>Typed reads of optional members: absent or null is "not there"; any other wrong type is a 400 naming the path.</summary>
internal static class GraylogJson
{
    /// <summary>An optional string member; <see cref="GraylogError"/> when present with another type.</summary>
    public static string? String(JsonElement parent, string name, string path, ref GraylogError? error)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error ??= GraylogError.WrongType(path, "a string");
            return null;
        }

        return value.GetString();
    }

    /// <summary>An optional member of one kind (object, array).</summary>
    public static JsonElement? Member(JsonElement parent, string name, JsonValueKind kind, string path, ref GraylogError? error)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != kind)
        {
            error ??= GraylogError.WrongType(path, kind == JsonValueKind.Object ? "an object" : "an array");
            return null;
        }

        return value;
    }

    /// <summary>The value of a field map entry as text: strings as they are; numbers and the rest are not addresses.</summary>
    public static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
